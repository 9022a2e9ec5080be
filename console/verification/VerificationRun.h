#pragma once

#include "console/verification/ChainResult.h"
#include "console/verification/ReceiptRow.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>

namespace aegis::console {

// Everything one chain verification produced, as the result view, the
// JSON export and the PDF report show it.
struct VerificationRun
{
    enum class Source
    {
        Live,
        Backup,
        File
    };

    Source source = Source::Live;
    QString sourceLabel; // "the gateway at http://127.0.0.1:8080, all tenants"
    QString verifiedBy;  // who gave the verdict
    QDateTime startedAt;
    QDateTime finishedAt;
    std::optional<ChainResult> result;
    std::map<QString, ReceiptRowSet> rows; // per tenant, for the table
    QJsonObject backupCheck;               // POST /v1/admin/backups/{name}/verify
    QStringList notes;
    QString error; // no verdict could be reached, in words
    QString errorDetail;
};

using VerificationRunPtr = std::shared_ptr<const VerificationRun>;

} // namespace aegis::console
