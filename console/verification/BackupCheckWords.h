#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QStringList>

namespace aegis::console {

// A gateway's backup verification (POST /v1/admin/backups/{name}/verify)
// in words, made from its typed checks: the Backups page and the chain
// page's backup card say the same, and a chain failure is located as on
// the chain page (FailureExplainer, from the typed failure), never by the
// gateway's own sentence.
class BackupCheckWords
{
    Q_DECLARE_TR_FUNCTIONS(BackupCheckWords)

public:
    // One line per check (checksum, integrity, schema, chains), then why.
    static QStringList lines(const QJsonObject &answer);
    // Why it is or is not restorable: the failing chain, the gateway's
    // reasons only when no typed check explains a refusal, its warnings.
    static QStringList reasons(const QJsonObject &answer);
};

} // namespace aegis::console
