#pragma once

#include "common/receipts/ExpectedHead.h"
#include "console/util/TaskProgress.h"
#include "console/verification/ChainResult.h"
#include "console/verification/ReceiptRow.h"

#include <QCoreApplication>
#include <QStringList>

#include <map>
#include <optional>

namespace aegis::console {

// What the console's own verifier found, with the table rows.
struct LocalCheckOutcome
{
    std::optional<ChainResult> result;
    std::map<QString, ReceiptRowSet> rows;
    QString error;  // the input could not be read: no verdict
    QStringList notes;
};

// The console's offline verification, run on a worker thread: the same
// verifiers as aegis-verify-receipts (DatabaseChainVerifier for a .db,
// ChainListVerifier for a JSON file), plus a streaming walk over gateway
// exports. Every function polls progress.isCancelRequested().
class LocalChainCheck
{
    Q_DECLARE_TR_FUNCTIONS(LocalChainCheck)

public:
    // A .db (by its SQLite header, whatever its name) or a JSON file. A
    // database is checked against "<file>.manifest.json" when one is beside
    // it, as aegis-verify-receipts --manifest would.
    static LocalCheckOutcome verifyFile(const QString &path, TaskProgress &progress);
    static LocalCheckOutcome verifyDatabase(const QString &path, const std::optional<ExpectedHeads> &heads,
        TaskProgress &progress);
    static LocalCheckOutcome verifyJson(const QString &path, TaskProgress &progress);
    // tenant → export file (GET /v1/receipts/export), each a whole chain.
    static LocalCheckOutcome verifyExports(const std::map<QString, QString> &files, TaskProgress &progress);

    static bool isSqliteFile(const QString &path);
    static std::optional<ExpectedHeads> loadManifest(const QString &path, QString *error);
};

} // namespace aegis::console
