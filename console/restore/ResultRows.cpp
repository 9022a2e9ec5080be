#include "console/restore/ResultRows.h"

#include <QJsonObject>

namespace aegis::console {

QString ResultRows::chainVerdict(const ServedChain &chain)
{
    using Verdict = ServedChain::Verdict;
    switch (chain.verdict) {
    case Verdict::Empty:
        return tr("empty, as in the backup");
    case Verdict::ExtendsEmpty:
        return tr("empty in the backup; %L1 appended since").arg(chain.count);
    case Verdict::MatchesHead:
        return tr("head equals the backup manifest's head");
    case Verdict::ExtendsHead:
        return tr("contains the backup's head; %L1 appended since").arg(chain.extension());
    case Verdict::Missing:
        return tr("missing: the gateway serves no chain for this tenant");
    case Verdict::Broken:
        return tr("broken: the served chain does not verify");
    case Verdict::Truncated:
        return tr("truncated: fewer receipts than the backup holds");
    case Verdict::Diverged:
        return tr("diverged: not the backup's chain");
    case Verdict::Unknown:
        break;
    }
    return tr("not known");
}

QString ResultRows::countName(CountCheck::What what)
{
    switch (what) {
    case CountCheck::What::Agents:
        return tr("agents");
    case CountCheck::What::Decisions:
        return tr("decisions");
    case CountCheck::What::Receipts:
        break;
    }
    return tr("receipts");
}

QString ResultRows::countVerdict(const CountCheck &count)
{
    switch (count.verdict()) {
    case CountCheck::Verdict::Match:
        return tr("match");
    case CountCheck::Verdict::Extends:
        return tr("%L1 more, taken since the restart").arg(count.served - count.expected);
    case CountCheck::Verdict::Short:
        break;
    }
    return tr("%L1 missing").arg(count.expected - count.served);
}

QString ResultRows::fileName(const ReportFile &file)
{
    switch (file.kind) {
    case ReportFile::Kind::Restored:
        return tr("restored database (copy of the backup)");
    case ReportFile::Kind::OriginalAside:
        return tr("original %1 (before the restore)").arg(file.role);
    case ReportFile::Kind::OriginalBack:
        return tr("original %1, back in place").arg(file.role);
    case ReportFile::Kind::RolledBackCopy:
        return tr("restored copy %1 that was rolled back").arg(file.role);
    case ReportFile::Kind::Disposed:
        break;
    }
    // The finish's own record of where it put the original.
    return file.describe();
}

QJsonArray ResultRows::chains(const RestoreVerification &verification)
{
    QJsonArray out;
    for (const ServedChain &chain : verification.chains) {
        out.append(QJsonObject{{QStringLiteral("tenant"), chain.tenant},
                               {QStringLiteral("ok"), chain.ok()},
                               {QStringLiteral("verdict"), chainVerdict(chain)},
                               {QStringLiteral("count"), chain.count},
                               {QStringLiteral("expected_count"), chain.expectedCount},
                               {QStringLiteral("head"), chain.head},
                               {QStringLiteral("expected_head"), chain.expectedHead}});
    }
    return out;
}

QJsonArray ResultRows::counts(const RestoreVerification &verification)
{
    QJsonArray out;
    for (const CountCheck &count : verification.counts) {
        out.append(QJsonObject{{QStringLiteral("what"), countName(count.what)},
                               {QStringLiteral("ok"), count.ok()},
                               {QStringLiteral("served"), count.served},
                               {QStringLiteral("expected"), count.expected},
                               {QStringLiteral("verdict"), countVerdict(count)}});
    }
    return out;
}

QJsonArray ResultRows::files(const QList<ReportFile> &files)
{
    QJsonArray out;
    for (const ReportFile &file : files) {
        out.append(QJsonObject{{QStringLiteral("what"), fileName(file)},
                               {QStringLiteral("kind"), ReportFile::kindId(file.kind)},
                               {QStringLiteral("path"), file.path},
                               {QStringLiteral("sha256"), file.sha256}});
    }
    return out;
}

} // namespace aegis::console
