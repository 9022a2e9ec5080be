#pragma once

#include "common/receipts/ChainVerificationReport.h"
#include "common/receipts/ExpectedHead.h"
#include "common/receipts/ReceiptRow.h"
#include "common/util/TaskProgress.h"

#include <QCoreApplication>
#include <QString>

#include <map>
#include <optional>

namespace aegis {

// What a local chain check found: the verifier's report, the rows for a
// receipt table, and what was verified (the file's SHA-256, so that a
// report can be tied to the very file). Typed: the words are the reader's.
struct LocalCheckOutcome
{
    enum class Manifest
    {
        NotApplicable, // not a database, or the heads came from elsewhere
        Used,          // "<file>.manifest.json" beside it, checked against
        Unusable,      // beside it but unreadable: checked without (manifestProblem says why)
        Absent         // none beside it: a chain cut short at its end cannot be noticed
    };

    std::optional<ChainVerificationReport> report;
    std::map<QString, ReceiptRowSet> rows;
    QString error; // the input could not be read: no verdict (a sentence for people)
    bool cancelled = false;

    QString fileSha256; // of the file verified (a database or a JSON file)
    qint64 fileSize = -1;
    Manifest manifest = Manifest::NotApplicable;
    QString manifestPath;
    QString manifestProblem;
};

// Offline verification of evidence files, run on a worker thread: the same
// verifiers as aegis-verify-receipts (DatabaseChainVerifier for a .db,
// ChainFileVerifier for JSON, streamed), collecting rows for a table with
// bounded memory. Shared by the console and the tools. Every function polls
// progress.isCancelRequested(); a JSON file is checked whole before that
// (ChainFileVerifier cannot be stopped half-way).
class LocalChainCheck
{
    Q_DECLARE_TR_FUNCTIONS(LocalChainCheck)

public:
    // A .db (by its SQLite header, whatever its name) or a JSON file, with
    // its SHA-256. A database is checked against "<file>.manifest.json" when
    // one is beside it, as aegis-verify-receipts --manifest would.
    static LocalCheckOutcome verifyFile(const QString &path, TaskProgress &progress);
    static LocalCheckOutcome verifyDatabase(const QString &path, const std::optional<ExpectedHeads> &heads,
        TaskProgress &progress);
    static LocalCheckOutcome verifyJson(const QString &path, TaskProgress &progress);
    // tenant → export file (GET /v1/receipts/export), each a whole chain.
    static LocalCheckOutcome verifyExports(const std::map<QString, QString> &files, TaskProgress &progress);

    static bool isSqliteFile(const QString &path);
    static std::optional<ExpectedHeads> loadManifest(const QString &path, QString *error);
};

} // namespace aegis
