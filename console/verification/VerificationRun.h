#pragma once

#include "common/receipts/LocalChainCheck.h"
#include "common/receipts/ReceiptRow.h"
#include "console/verification/ChainResult.h"

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

    // The file the verdict is about (a file or a backup; none for the live
    // chain), so that a report can be tied to the very bytes.
    QString fileName;       // its path, or the backup's name
    QString fileSha256;     // of the bytes verified
    qint64 fileSize = -1;
    QString manifestSha256; // what the backup's manifest recorded, if any

    // The bytes are not the ones the manifest recorded.
    bool fileDiffersFromManifest() const
    {
        return !fileSha256.isEmpty() && !manifestSha256.isEmpty() && fileSha256 != manifestSha256;
    }

    // Takes the verdict, rows and file digest of a local check, with its
    // manifest use in words among the notes.
    void adopt(LocalCheckOutcome &&outcome);
};

using VerificationRunPtr = std::shared_ptr<const VerificationRun>;

} // namespace aegis::console
