#include "console/verification/BackupCheckWords.h"

#include "console/util/Format.h"
#include "console/verification/ChainResult.h"
#include "console/verification/FailureExplainer.h"

#include <QJsonArray>

namespace aegis::console {

namespace {

struct CheckLines
{
    QStringList lines;
    std::optional<QString> chainFailure; // the failing chain, located
    bool anyFailed = false;
};

CheckLines checkLines(const QJsonObject &answer)
{
    CheckLines out;
    const QJsonObject checks = answer.value(QStringLiteral("checks")).toObject();
    const QString sha = checks.value(QStringLiteral("sha256")).toString();
    if (sha == QLatin1String("ok")) {
        out.lines << BackupCheckWords::tr("✔ checksum matches the manifest");
    } else if (sha == QLatin1String("no_manifest")) {
        out.lines << BackupCheckWords::tr("⚠ no manifest to compare the checksum with");
    } else if (sha == QLatin1String("mismatch")) {
        out.lines << BackupCheckWords::tr("✖ checksum does NOT match the manifest: the file changed");
        out.anyFailed = true;
    }
    const QString integrity = checks.value(QStringLiteral("integrity")).toString();
    if (integrity == QLatin1String("ok")) {
        out.lines << BackupCheckWords::tr("✔ SQLite integrity check passed");
    } else if (!integrity.isEmpty()) {
        out.lines << BackupCheckWords::tr("✖ SQLite integrity check: %1").arg(integrity);
        out.anyFailed = true;
    }
    const QString schema = checks.value(QStringLiteral("schema")).toString();
    if (schema == QLatin1String("compatible")) {
        out.lines << BackupCheckWords::tr("✔ schema %1 is compatible with this gateway")
                         .arg(Format::value(checks.value(QStringLiteral("schema_version"))));
    } else if (schema == QLatin1String("newer_than_gateway")) {
        out.lines << BackupCheckWords::tr("✖ schema is newer than this gateway: an older binary must not start it");
        out.anyFailed = true;
    }
    const QJsonValue chainsValue = checks.value(QStringLiteral("chains"));
    if (const auto chains = ChainResult::fromJson(chainsValue.toObject())) {
        switch (chains->verdict()) {
        case ChainResult::Verdict::Broken:
            out.chainFailure = BackupCheckWords::tr("✖ receipt chains: %1")
                                   .arg(FailureExplainer::headline(*chains->firstFailing()));
            out.lines << *out.chainFailure;
            out.anyFailed = true;
            break;
        case ChainResult::Verdict::Empty:
            out.lines << BackupCheckWords::tr("⚠ receipt chains: no receipts, nothing to verify");
            break;
        case ChainResult::Verdict::Cancelled:
            out.lines << BackupCheckWords::tr("⚠ receipt chains: the check stopped before the end");
            break;
        case ChainResult::Verdict::Intact:
            out.lines << BackupCheckWords::tr("✔ receipt chains intact and matching the manifest (%n receipt(s))",
                nullptr, int(chains->count()));
            break;
        }
    } else if (chainsValue.isString()) {
        out.lines << BackupCheckWords::tr("receipt chains: %1").arg(chainsValue.toString());
    }
    return out;
}

QStringList reasonsAfter(const QJsonObject &answer, const CheckLines &checks)
{
    QStringList out;
    // The gateway's sentences repeat the checks above (with the chain's
    // place as an index); they are shown only when no check explains why.
    if (!answer.value(QStringLiteral("restorable")).toBool() && !checks.anyFailed) {
        for (const QJsonValue &reason : answer.value(QStringLiteral("reasons")).toArray())
            out << BackupCheckWords::tr("✖ %1").arg(reason.toString());
    }
    for (const QJsonValue &warning : answer.value(QStringLiteral("warnings")).toArray())
        out << BackupCheckWords::tr("⚠ %1").arg(warning.toString());
    return out;
}

} // namespace

QStringList BackupCheckWords::lines(const QJsonObject &answer)
{
    const CheckLines checks = checkLines(answer);
    return checks.lines + reasonsAfter(answer, checks);
}

QStringList BackupCheckWords::reasons(const QJsonObject &answer)
{
    const CheckLines checks = checkLines(answer);
    QStringList out;
    if (checks.chainFailure)
        out << *checks.chainFailure;
    return out + reasonsAfter(answer, checks);
}

} // namespace aegis::console
