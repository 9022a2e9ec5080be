#include "common/drill/DrillCommand.h"

#include "common/drill/DrillHistory.h"
#include "common/drill/DrillProgressPrinter.h"
#include "common/drill/DrillReportJson.h"
#include "common/drill/DrillText.h"
#include "common/util/DurationText.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <atomic>

namespace aegis {

namespace {

std::atomic<DrillRunner *> g_current{nullptr};

struct Option
{
    const char *name;
    const char *valueName; // nullptr: a flag
};

constexpr Option Options[] = {
    {"url", "URL"},           {"token-file", "FILE"},          {"backup", "WHICH"},
    {"gateway-binary", "BIN"}, {"report-dir", "DIR"},          {"json", nullptr},
    {"max-recovery-point", "D"}, {"max-recovery-time", "D"},   {"scratch-dir", "DIR"},
    {"ready-timeout", "D"},   {"ca-cert", "FILE"},             {"help", nullptr},
    {"version", nullptr},
};

} // namespace

DrillCommand::DrillCommand(QTextStream &out, QTextStream &err, DrillRunner::Dependencies dependencies)
    : m_out(out)
    , m_err(err)
    , m_dependencies(std::move(dependencies))
{
}

DrillRunner *DrillCommand::current()
{
    return g_current.load();
}

QString DrillCommand::helpText()
{
    return QStringLiteral(
        "Usage:\n"
        "  aegis-drill [--url URL] [--token-file F] [--backup fresh|latest|NAME|FILE]\n"
        "              [--gateway-binary BIN] [--report-dir DIR] [--json]\n"
        "              [--max-recovery-point D] [--max-recovery-time D]\n"
        "\n"
        "A disaster-recovery drill: proves that a backup restores and serves verified\n"
        "evidence, without touching production. It takes or fetches the backup, checks\n"
        "it (integrity, sha256 against its manifest, schema, receipt chains), copies it\n"
        "into a scratch directory, starts a throwaway gateway from the same binary on a\n"
        "free loopback port against the copy, waits for /health and /readyz, compares\n"
        "the counts and every chain head with the manifest, authorizes one synthetic\n"
        "call to prove the restored gateway writable, then stops it and removes the\n"
        "scratch directory. The production gateway is only asked for the backup.\n"
        "\n"
        "  --url URL               the production gateway (default http://127.0.0.1:8080)\n"
        "  --token-file F          its admin token file (default: AEGIS_ADMIN_TOKEN); never printed\n"
        "  --ca-cert FILE          for an https URL: the CA (or self-signed certificate) to trust\n"
        "  --backup WHICH          fresh (default): take one now through the gateway;\n"
        "                          latest: the newest in the gateway's catalog;\n"
        "                          NAME: that catalog backup; FILE: a local backup file\n"
        "                          (its manifest FILE.manifest.json beside it)\n"
        "  --gateway-binary BIN    the gateway the throwaway runs (default: aegis-gateway\n"
        "                          beside aegis-drill)\n"
        "  --report-dir DIR        the drill history (default: drills/ in AEGIS_BACKUP_DIR,\n"
        "                          beside a FILE backup, or ./backups/drills)\n"
        "  --scratch-dir DIR       where the scratch directory is made (default: $TMPDIR)\n"
        "  --ready-timeout D       wait for the throwaway gateway (default 120s)\n"
        "  --max-recovery-point D  fail when the backup is older than D (e.g. 26h)\n"
        "  --max-recovery-time D   fail when restore-to-verified takes longer than D (e.g. 5m)\n"
        "  --json                  print the report as JSON on stdout\n"
        "\n"
        "Progress goes to stderr, then one summary line for monitoring. The report (JSON,\n"
        "and PDF where aegis-console's aegis-drill-pdf is installed) is written to the\n"
        "report directory; its sha256 is printed.\n"
        "\n"
        "Exit status: 0 passed; 1 failed (a step, or a limit exceeded); 2 cancelled;\n"
        "3 the report could not be written; 64 usage.\n");
}

int DrillCommand::usage(const QString &message)
{
    m_err << QStringLiteral("ERROR: %1\n(see aegis-drill --help)").arg(message) << Qt::endl;
    return Usage;
}

int DrillCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    for (const Option &option : Options) {
        if (option.valueName)
            parser.addOption(QCommandLineOption(QString::fromLatin1(option.name), QString(), QString::fromLatin1(option.valueName)));
        else
            parser.addOption(QCommandLineOption(QString::fromLatin1(option.name)));
    }
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        m_out << helpText();
        m_out.flush();
        return Passed;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        m_out << QStringLiteral("aegis-drill %1").arg(QStringLiteral(AEGIS_VERSION)) << Qt::endl;
        return Passed;
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument %1").arg(parser.positionalArguments().first()));

    DrillOptions options;
    options.production.baseUrl = QUrl(parser.value(QStringLiteral("url")).isEmpty() ? QStringLiteral("http://127.0.0.1:8080")
                                                                                  : parser.value(QStringLiteral("url")));
    if (!options.production.baseUrl.isValid() || options.production.baseUrl.host().isEmpty()
        || !QStringList{QStringLiteral("http"), QStringLiteral("https")}.contains(options.production.baseUrl.scheme()))
        return usage(QStringLiteral("--url must be an http or https URL with a host"));
    options.production.caCertificatePath = parser.value(QStringLiteral("ca-cert"));

    if (parser.isSet(QStringLiteral("token-file"))) {
        QFile file(parser.value(QStringLiteral("token-file")));
        if (!file.open(QIODevice::ReadOnly))
            return usage(QStringLiteral("cannot read the token file %1: %2").arg(file.fileName(), file.errorString()));
        options.production.token = file.read(4096).trimmed();
    } else {
        options.production.token = qgetenv("AEGIS_ADMIN_TOKEN").trimmed();
    }
    if (options.production.token.isEmpty())
        return usage(QStringLiteral("no admin token: give --token-file (or set AEGIS_ADMIN_TOKEN)"));

    options.backup = BackupSource::parse(parser.value(QStringLiteral("backup")));
    if (options.backup.kind == BackupSource::Kind::File && !QFileInfo(options.backup.value).isFile())
        return usage(QStringLiteral("--backup %1: no such file").arg(options.backup.value));

    options.gatewayBinary = parser.value(QStringLiteral("gateway-binary"));
    if (options.gatewayBinary.isEmpty())
        options.gatewayBinary = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("aegis-gateway"));
    if (!QFileInfo(options.gatewayBinary).isExecutable())
        return usage(QStringLiteral("the gateway binary %1 is not an executable file (--gateway-binary)").arg(options.gatewayBinary));
    options.scratchParent = parser.value(QStringLiteral("scratch-dir"));

    const std::pair<const char *, std::optional<std::chrono::milliseconds> *> limits[] = {
        {"max-recovery-point", &options.maxRecoveryPoint}, {"max-recovery-time", &options.maxRecoveryTime}};
    for (const auto &[name, target] : limits) {
        const QString value = parser.value(QString::fromLatin1(name));
        if (value.isEmpty())
            continue;
        const auto parsed = DurationText::parse(value);
        if (!parsed || parsed->count() <= 0)
            return usage(QStringLiteral("--%1 %2: not a duration (write 30s, 5m, 26h)").arg(QString::fromLatin1(name), value));
        *target = *parsed;
    }
    if (parser.isSet(QStringLiteral("ready-timeout"))) {
        const auto parsed = DurationText::parse(parser.value(QStringLiteral("ready-timeout")));
        if (!parsed || parsed->count() <= 0)
            return usage(QStringLiteral("--ready-timeout: not a duration"));
        options.readyTimeout = *parsed;
    }

    QString reportDirectory = parser.value(QStringLiteral("report-dir"));
    if (reportDirectory.isEmpty()) {
        const QString backups = qEnvironmentVariable("AEGIS_BACKUP_DIR");
        if (options.backup.kind == BackupSource::Kind::File)
            reportDirectory = QFileInfo(options.backup.value).absoluteDir().filePath(QStringLiteral("drills"));
        else if (!backups.isEmpty())
            reportDirectory = QDir(backups).filePath(QStringLiteral("drills"));
        else
            reportDirectory = QDir::current().filePath(QStringLiteral("backups/drills"));
    }

    DrillProgressPrinter printer(m_err);
    DrillRunner::Dependencies dependencies = m_dependencies;
    if (!dependencies.observer)
        dependencies.observer = &printer;
    DrillRunner runner(options, dependencies);
    g_current = &runner;
    const DrillReport report = runner.run();
    g_current = nullptr;

    const QByteArray json = DrillReportJson::toBytes(report);
    const DrillHistory::Saved saved = DrillHistory(reportDirectory).save(report, json);
    QString pdfError;
    bool pdfWritten = false;
    if (saved.ok && m_pdf)
        pdfWritten = m_pdf(report, saved.sha256, DrillHistory::pdfPathFor(saved.jsonPath), &pdfError);
    if (parser.isSet(QStringLiteral("json"))) {
        m_out << QString::fromUtf8(json);
        m_out.flush();
    }
    if (saved.ok) {
        m_err << QStringLiteral("report: %1 (sha256 %2)").arg(saved.jsonPath, saved.sha256) << Qt::endl;
        if (pdfWritten)
            m_err << QStringLiteral("report for auditors: %1").arg(DrillHistory::pdfPathFor(saved.jsonPath)) << Qt::endl;
        else if (m_pdf)
            m_err << QStringLiteral("warning: the PDF report could not be written: %1").arg(pdfError) << Qt::endl;
    } else {
        m_err << QStringLiteral("ERROR: the report could not be written: %1").arg(saved.error) << Qt::endl;
    }
    m_err << DrillText::summaryLine(report, saved.sha256) << Qt::endl;
    if (!saved.ok)
        return ReportNotWritten;
    switch (report.outcome) {
    case DrillReport::Outcome::Passed: return Passed;
    case DrillReport::Outcome::Cancelled: return Cancelled;
    case DrillReport::Outcome::Failed: break;
    }
    return Failed;
}

} // namespace aegis
