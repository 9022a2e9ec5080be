#include "common/receipts/LocalChainCheck.h"

#include "common/crypto/Sha256.h"
#include "common/db/DatabaseInspector.h"
#include "common/json/JsonParser.h"
#include "common/receipts/ChainFileVerifier.h"
#include "common/receipts/ChainListVerifier.h"
#include "common/receipts/DatabaseChainVerifier.h"
#include "common/receipts/ReceiptRowCollector.h"

#include <QFile>
#include <QFileInfo>

namespace aegis {

namespace {

LocalCheckOutcome cancelledOutcome()
{
    LocalCheckOutcome outcome;
    outcome.cancelled = true;
    outcome.error = LocalChainCheck::tr("Cancelled before the verification finished; nothing was concluded.");
    return outcome;
}

QString chainFileError(const QString &path, const ChainFileVerifier::Error &error)
{
    switch (error.failure) {
    case ChainFileVerifier::Failure::Unreadable:
        return LocalChainCheck::tr("%1 cannot be read: %2").arg(path, error.text);
    case ChainFileVerifier::Failure::InvalidJson:
        return LocalChainCheck::tr("%1 is neither an SQLite database nor valid JSON: %2").arg(path, error.text);
    case ChainFileVerifier::Failure::WrongShape:
        return LocalChainCheck::tr("%1 does not hold receipts: %2").arg(path, error.text);
    }
    return QString();
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
    // The file's own digest first: a report names the very file it is about.
    progress.setPhase(tr("Computing the SHA-256 of %1…").arg(QFileInfo(path).fileName()));
    const Sha256::FileResult hash = Sha256::hashFile(path, {}, [&progress] { return progress.isCancelRequested(); });
    if (hash.cancelled)
        return cancelledOutcome();
    if (!hash.ok) {
        LocalCheckOutcome outcome;
        outcome.error = tr("%1 cannot be read: %2").arg(path, hash.error);
        return outcome;
    }

    LocalCheckOutcome outcome;
    if (!isSqliteFile(path)) {
        outcome = verifyJson(path, progress);
    } else {
        std::optional<ExpectedHeads> heads;
        const QString manifest = path + QStringLiteral(".manifest.json");
        LocalCheckOutcome::Manifest use = LocalCheckOutcome::Manifest::Absent;
        QString why;
        if (QFileInfo::exists(manifest)) {
            heads = loadManifest(manifest, &why);
            use = heads ? LocalCheckOutcome::Manifest::Used : LocalCheckOutcome::Manifest::Unusable;
        }
        outcome = verifyDatabase(path, heads, progress);
        outcome.manifest = use;
        outcome.manifestPath = use == LocalCheckOutcome::Manifest::Absent ? QString() : manifest;
        outcome.manifestProblem = why;
    }
    outcome.fileSha256 = hash.hex;
    outcome.fileSize = hash.bytes;
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
    auto report = DatabaseChainVerifier(options).verifyFile(path, &error);
    if (!report) {
        outcome.error = tr("%1 cannot be verified: %2").arg(path, error);
        return outcome;
    }
    if (report->isCancelled())
        return cancelledOutcome();
    outcome.report = std::move(report);
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
    auto report = ChainFileVerifier::verifyFile(path, options, &error);
    if (progress.isCancelRequested())
        return cancelledOutcome();
    if (!report) {
        outcome.error = chainFileError(path, error);
        return outcome;
    }
    outcome.report = std::move(report);
    outcome.rows = collector.take();
    return outcome;
}

LocalCheckOutcome LocalChainCheck::verifyExports(const std::map<QString, QString> &files, TaskProgress &progress)
{
    LocalCheckOutcome outcome;
    ReceiptRowCollector collector;
    ChainVerificationReport report;
    report.setEmptyMessage(QStringLiteral("no receipts found"));
    progress.setDone(0);
    for (const auto &[tenant, path] : files) {
        if (progress.isCancelRequested())
            return cancelledOutcome();
        progress.setPhase(tr("Checking the receipts of tenant %1 one by one…").arg(tenant));
        // An export is a whole chain: ChainFileVerifier knows it by its
        // "canon_version" and requires the genesis; it streams the file.
        ChainListVerifier::Options options;
        options.fullChain = true;
        options.onReceipt = [&collector, &progress](const ReceiptCheck &check) {
            collector.add(check);
            progress.addDone(1);
        };
        ChainFileVerifier::Error error;
        const auto part = ChainFileVerifier::verifyFile(path, options, &error);
        if (!part) {
            outcome.error = tr("The downloaded chain of tenant %1 is cut short or malformed: %2")
                                .arg(tenant, chainFileError(path, error));
            return outcome;
        }
        if (part->tenants().empty())
            report.setTenant(tenant, TenantChainResult());
        for (const auto &[id, result] : part->tenants())
            report.setTenant(id, result);
    }
    if (progress.isCancelRequested())
        return cancelledOutcome();
    outcome.report = std::move(report);
    outcome.rows = collector.take();
    return outcome;
}

} // namespace aegis
