#pragma once

#include "common/restore/CountCheck.h"
#include "common/restore/ReportFile.h"
#include "common/restore/RestoreVerification.h"
#include "common/restore/ServedChain.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QList>
#include <QString>

namespace aegis::console {

// The restore report's typed results in the console's words: the rows of
// the result page's tables and the lines of the PDF. Every verdict is
// decided from the engine's enums (ServedChain::ok(), CountCheck::ok(),
// ReportFile::Kind); the engine's own sentences are never read here.
class ResultRows
{
    Q_DECLARE_TR_FUNCTIONS(ResultRows)

public:
    // "head equals the backup's", "3 receipts appended since", ...
    static QString chainVerdict(const ServedChain &chain);
    static QString countName(CountCheck::What what);
    // "match", "2 more", "3 missing".
    static QString countVerdict(const CountCheck &count);
    static QString fileName(const ReportFile &file);

    // One row per chain: tenant, ok (bool), verdict (words), count,
    // expected_count, head, expected_head.
    static QJsonArray chains(const RestoreVerification &verification);
    // One row per count: what (words), ok (bool), served, expected, verdict (words).
    static QJsonArray counts(const RestoreVerification &verification);
    // One row per file: what (words), kind, path, sha256.
    static QJsonArray files(const QList<ReportFile> &files);
};

} // namespace aegis::console
