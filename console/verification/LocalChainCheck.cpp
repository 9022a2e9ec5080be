#include "console/verification/LocalChainCheck.h"

#include "common/db/DatabaseInspector.h"
#include "common/json/JsonParser.h"
#include "common/receipts/ChainFileVerifier.h"
#include "common/receipts/ChainListVerifier.h"
#include "common/receipts/ChainVerificationReport.h"
#include "common/receipts/ChainVerifier.h"
#include "common/receipts/DatabaseChainVerifier.h"
#include "console/verification/ExportStreamReader.h"
#include "console/verification/ReceiptRowCollector.h"

#include <QFile>
#include <QFileInfo>

namespace aegis::console {

namespace {

LocalCheckOutcome cancelledOutcome()
{
    LocalCheckOutcome outcome;
    outcome.error = LocalChainCheck::tr("Cancelled before the verification finished; nothing was concluded.");
    return outcome;
}

} // namespace

bool LocalChainCheck::isSqliteFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return file.read(16) == QByteArray("SQLite format 3", 16);
}

std::optional<ExpectedHeads> LocalChainCheck::loadManifest(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("%1 cannot be read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    JsonParser parser;
    parser.setAllowByteOrderMark(true);
    const auto manifest = parser.parse(file.readAll());
    if (!manifest) {
        *error = tr("%1 is not valid JSON: %2").arg(path, parser.errorString());
        return std::nullopt;
    }
    return ExpectedHead::parseManifest(*manifest, error);
}

LocalCheckOutcome LocalChainCheck::verifyFile(const QString &path, TaskProgress &progress)
{
    if (!QFileInfo::exists(path)) {
        LocalCheckOutcome outcome;
        outcome.error = tr("%1 does not exist.").arg(path);
        return outcome;
    }
    if (!isSqliteFile(path))
        return verifyJson(path, progress);
    std::optional<ExpectedHeads> heads;
    QStringList notes;
    const QString manifest = path + QStringLiteral(".manifest.json");
    if (QFileInfo::exists(manifest)) {
        QString why;
        heads = loadManifest(manifest, &why);
        if (heads)
            notes << tr("Checked against the manifest beside the file (%1): every chain must reach the head it "
                        "recorded.")
                         .arg(manifest);
        else
            notes << tr("The manifest beside the file could not be used (%1); the chains were checked without it.")
                         .arg(why);
    } else {
        notes << tr("No manifest beside the file: the chains were checked on their own, so a chain cut short at "
                    "its end cannot be noticed.");
    }
    LocalCheckOutcome outcome = verifyDatabase(path, heads, progress);
    outcome.notes = notes + outcome.notes;
    return outcome;
}

LocalCheckOutcome LocalChainCheck::verifyDatabase(const QString &path, const std::optional<ExpectedHeads> &heads,
    TaskProgress &progress)
{
    LocalCheckOutcome outcome;
    progress.setPhase(tr("Counting receipts in %1…").arg(QFileInfo(path).fileName()));
    QString error;
    if (const auto summary = DatabaseInspector::inspectFile(path, DatabaseInspector::Check::None, &error))
        progress.setTotal(summary->receipts);
    progress.setPhase(tr("Verifying the receipt chains of %1…").arg(QFileInfo(path).fileName()));

    ReceiptRowCollector collector;
    DatabaseChainVerifier::Options options;
    if (heads)
        options.expectedHeads = *heads;
    options.progress = [&progress](qint64 done) { progress.setDone(done); };
    options.cancelled = [&progress] { return progress.isCancelRequested(); };
    options.onReceipt = [&collector](const ReceiptCheck &check) { collector.add(check); };
    const auto report = DatabaseChainVerifier(options).verifyFile(path, &error);
    if (!report) {
        outcome.error = tr("%1 cannot be verified: %2").arg(path, error);
        return outcome;
    }
    if (report->isCancelled())
        return cancelledOutcome();
    outcome.result = ChainResult::fromReport(*report);
    outcome.rows = collector.take();
    return outcome;
}

LocalCheckOutcome LocalChainCheck::verifyJson(const QString &path, TaskProgress &progress)
{
    LocalCheckOutcome outcome;
    progress.setPhase(tr("Verifying the receipts in %1…").arg(QFileInfo(path).fileName()));
    progress.setTotal(-1);
    progress.setDone(0);
    ReceiptRowCollector collector;
    ChainListVerifier::Options options;
    options.onReceipt = [&collector, &progress](const ReceiptCheck &check) {
        collector.add(check);
        progress.addDone(1);
    };
    // Streamed (as aegis-verify-receipts does): the file is never in memory whole.
    ChainFileVerifier::Error error;
    const auto report = ChainFileVerifier::verifyFile(path, options, &error);
    if (progress.isCancelRequested())
        return cancelledOutcome();
    if (!report) {
        switch (error.failure) {
        case ChainFileVerifier::Failure::Unreadable:
            outcome.error = tr("%1 cannot be read: %2").arg(path, error.text);
            break;
        case ChainFileVerifier::Failure::InvalidJson:
            outcome.error = tr("%1 is neither an SQLite database nor valid JSON: %2").arg(path, error.text);
            break;
        case ChainFileVerifier::Failure::WrongShape:
            outcome.error = tr("%1 does not hold receipts: %2").arg(path, error.text);
            break;
        }
        return outcome;
    }
    outcome.result = ChainResult::fromReport(*report);
    outcome.rows = collector.take();
    return outcome;
}

LocalCheckOutcome LocalChainCheck::verifyExports(const std::map<QString, QString> &files, TaskProgress &progress)
{
    LocalCheckOutcome outcome;
    ReceiptRowCollector collector;
    ChainVerificationReport report;
    report.setEmptyMessage(QStringLiteral("no receipts found"));
    qint64 done = 0;
    progress.setDone(0);
    for (const auto &[tenant, path] : files) {
        progress.setPhase(tr("Checking the receipts of tenant %1 one by one…").arg(tenant));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            outcome.error = tr("The downloaded chain of tenant %1 cannot be read: %2").arg(tenant, file.errorString());
            return outcome;
        }
        ChainVerifier::Options chainOptions;
        chainOptions.requireGenesis = true; // an export is a whole chain
        ChainVerifier verifier(tenant, chainOptions);
        verifier.setReceiptCallback([&collector](const ReceiptCheck &check) { collector.add(check); });
        ExportStreamReader reader(&file);
        while (const auto element = reader.next()) {
            const auto receipt = JsonParser::parseDocument(*element);
            // Unparsable text is fed as a string: the verifier calls it malformed.
            verifier.add(receipt ? *receipt : JsonValue(QString::fromUtf8(element->left(80))));
            if (++done % 256 == 0) {
                progress.setDone(done);
                if (progress.isCancelRequested())
                    return cancelledOutcome();
            }
        }
        if (!reader.error().isEmpty()) {
            outcome.error = tr("The downloaded chain of tenant %1 is cut short or malformed: %2").arg(tenant, reader.error());
            return outcome;
        }
        verifier.finish();
        report.setTenant(tenant, verifier.result());
    }
    progress.setDone(done);
    outcome.result = ChainResult::fromReport(report);
    outcome.rows = collector.take();
    return outcome;
}

} // namespace aegis::console
