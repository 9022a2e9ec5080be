#include "gateway/config/GatewayConfigLoader.h"

#include "common/crypto/Ed25519Signer.h"
#include "common/util/DurationText.h"

#include <QCommandLineParser>
#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

#include <functional>
#include <limits>
#include <optional>

namespace aegis {

namespace {

// Returns an error text, or an empty string when the value was accepted.
using Apply = std::function<QString(GatewayConfig &, const QString &)>;

struct Option
{
    const char *variable;   // environment variable
    const char *flag;       // command-line flag without "--"; nullptr: variable only (secrets)
    const char *valueName;  // nullptr: a switch
    const char *defaultText;
    const char *help;
    Apply apply;
};

QString parseBool(const QString &text, bool *out)
{
    const QString v = text.trimmed().toLower();
    if (v == QLatin1String("1") || v == QLatin1String("true") || v == QLatin1String("yes") || v == QLatin1String("on")) {
        *out = true;
        return {};
    }
    if (v == QLatin1String("0") || v == QLatin1String("false") || v == QLatin1String("no") || v == QLatin1String("off")) {
        *out = false;
        return {};
    }
    return QStringLiteral("expected 1/0, true/false, yes/no or on/off");
}

QString parseInteger(const QString &text, qint64 min, qint64 max, qint64 *out)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    if (!ok || value < min || value > max)
        return QStringLiteral("expected a whole number from %1 to %2").arg(min).arg(max);
    *out = value;
    return {};
}

QString parseDuration(const QString &text, bool allowZero, std::chrono::milliseconds *out)
{
    const auto value = DurationText::parse(text);
    if (!value || (!allowZero && value->count() == 0))
        return QStringLiteral("expected a duration such as 500ms, 30s, 5m, 6h or 1d%1")
            .arg(allowZero ? QString() : QStringLiteral(" (not zero)"));
    *out = *value;
    return {};
}

QString parseBind(const QString &text, GatewayConfig &config)
{
    const QString t = text.trimmed();
    QString host;
    QString portText;
    if (t.startsWith(QLatin1Char('['))) {
        const qsizetype close = t.indexOf(QStringLiteral("]:"));
        if (close < 0)
            return QStringLiteral("expected [IPv6]:port");
        host = t.mid(1, close - 1);
        portText = t.mid(close + 2);
    } else {
        const qsizetype colon = t.lastIndexOf(QLatin1Char(':'));
        if (colon <= 0 || t.count(QLatin1Char(':')) != 1)
            return QStringLiteral("expected host:port, for example 127.0.0.1:8080 or [::1]:8080");
        host = t.left(colon);
        portText = t.mid(colon + 1);
    }
    QHostAddress address;
    if (host == QLatin1String("localhost"))
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(host))
        return QStringLiteral("'%1' is not an IP address (host names are not resolved at start)").arg(host);
    qint64 port = 0;
    if (!parseInteger(portText, 0, 65535, &port).isEmpty())
        return QStringLiteral("port must be a number from 0 to 65535 (0 picks a free port)");
    config.bindText = t;
    config.bindAddress = address;
    config.port = static_cast<quint16>(port);
    return {};
}

QString readSecretFile(const QString &path, QByteArray *out)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
    *out = file.readAll().trimmed();
    if (out->isEmpty())
        return QStringLiteral("%1 is empty").arg(path);
    return {};
}

const std::vector<Option> &options()
{
    static const std::vector<Option> table = {
        {"AEGIS_DB_PATH", "db", "PATH", "db/aegisagent.db",
         "SQLite database file; its directory is created if missing.",
         [](GatewayConfig &c, const QString &v) {
             if (v.trimmed().isEmpty())
                 return QStringLiteral("must not be empty");
             c.databasePath = v;
             return QString();
         }},
        {"AEGIS_BIND", "bind", "HOST:PORT", "127.0.0.1:8080",
         "Address and port to listen on. Port 0 picks a free port (printed at start).",
         [](GatewayConfig &c, const QString &v) { return parseBind(v, c); }},
        {"AEGIS_BACKUP_DIR", "backup-dir", "DIR", "backups",
         "Directory for backups (created with mode 0700).",
         [](GatewayConfig &c, const QString &v) {
             if (v.trimmed().isEmpty())
                 return QStringLiteral("must not be empty");
             c.backupDir = v;
             return QString();
         }},
        {"AEGIS_ADMIN_TOKEN", nullptr, nullptr, "(generated)",
         "Admin token (at least 16 characters). Unset: read admin.token beside the database, "
         "or generate it there once with mode 0600. Environment only: a flag would show in ps.",
         [](GatewayConfig &c, const QString &v) {
             const QByteArray token = v.trimmed().toUtf8();
             if (token.size() < 16)
                 return QStringLiteral("must be at least 16 characters long");
             c.adminToken = token;
             return QString();
         }},
        {"AEGIS_ADMIN_TOKEN_FILE", "admin-token-file", "FILE", "<db dir>/admin.token",
         "File holding the admin token (generated with mode 0600 if missing).",
         [](GatewayConfig &c, const QString &v) {
             c.adminTokenFile = v;
             return QString();
         }},
        {"AEGIS_TLS_CERT", "tls-cert", "FILE", "(none)",
         "PEM certificate chain; with AEGIS_TLS_KEY the gateway serves HTTPS only.",
         [](GatewayConfig &c, const QString &v) {
             c.tlsCertPath = v;
             return QString();
         }},
        {"AEGIS_TLS_KEY", "tls-key", "FILE", "(none)",
         "PEM private key (RSA or EC, unencrypted) for AEGIS_TLS_CERT.",
         [](GatewayConfig &c, const QString &v) {
             c.tlsKeyPath = v;
             return QString();
         }},
        {"AEGIS_ALLOW_PLAINTEXT_REMOTE", "allow-plaintext-remote", nullptr, "0",
         "Allow a non-loopback bind without TLS (only behind a TLS-terminating proxy).",
         [](GatewayConfig &c, const QString &v) { return parseBool(v, &c.allowPlaintextRemote); }},
        {"AEGIS_MAX_BODY_BYTES", "max-body-bytes", "BYTES", "1048576",
         "Largest request body; larger ones get 413 and the connection is closed.",
         [](GatewayConfig &c, const QString &v) {
             return parseInteger(v, 1024, qint64(1) << 30, &c.maxBodyBytes);
         }},
        {"AEGIS_MAX_HEADER_BYTES", "max-header-bytes", "BYTES", "16384",
         "Largest request line plus headers; larger ones get 431.",
         [](GatewayConfig &c, const QString &v) {
             return parseInteger(v, 1024, 1024 * 1024, &c.maxHeaderBytes);
         }},
        {"AEGIS_MAX_CONNECTIONS", "max-connections", "N", "512",
         "Concurrent client connections; further ones get 503 and are closed.",
         [](GatewayConfig &c, const QString &v) {
             qint64 n = 0;
             QString e = parseInteger(v, 1, 100000, &n);
             c.maxConnections = int(n);
             return e;
         }},
        {"AEGIS_MAX_CONNECTIONS_PER_CLIENT", "max-connections-per-client", "N", "a quarter of max-connections",
         "Concurrent connections from one client address (behind a proxy: set it to max-connections); "
         "further ones get 429. Loopback probes are always served.",
         [](GatewayConfig &c, const QString &v) {
             qint64 n = 0;
             QString e = parseInteger(v, 1, 100000, &n);
             c.maxConnectionsPerClient = int(n);
             return e;
         }},
        {"AEGIS_IDLE_TIMEOUT", "idle-timeout", "DURATION", "30s",
         "Close a keep-alive connection idle for this long.",
         [](GatewayConfig &c, const QString &v) { return parseDuration(v, false, &c.idleTimeout); }},
        {"AEGIS_HEADER_TIMEOUT", "header-timeout", "DURATION", "10s",
         "Deadline for a request's line and headers once its first byte arrived (408 after it).",
         [](GatewayConfig &c, const QString &v) { return parseDuration(v, false, &c.headerTimeout); }},
        {"AEGIS_BODY_TIMEOUT", "body-timeout", "DURATION", "60s",
         "Deadline for a request's body once its headers arrived (408 after it).",
         [](GatewayConfig &c, const QString &v) { return parseDuration(v, false, &c.bodyTimeout); }},
        {"AEGIS_SHUTDOWN_GRACE", "shutdown-grace", "DURATION", "10s",
         "On SIGTERM/SIGINT, how long in-flight requests may take to finish.",
         [](GatewayConfig &c, const QString &v) { return parseDuration(v, true, &c.shutdownGrace); }},
        {"AEGIS_DB_SYNC", "db-sync", "full|normal", "full",
         "full: an answer is sent only after its transaction is on disk. normal: faster, "
         "but a power loss may drop the last committed decisions and receipts.",
         [](GatewayConfig &c, const QString &v) {
             const QString s = v.trimmed().toLower();
             if (s == QLatin1String("full"))
                 c.dbSync = DbSync::Full;
             else if (s == QLatin1String("normal"))
                 c.dbSync = DbSync::Normal;
             else
                 return QStringLiteral("expected full or normal");
             return QString();
         }},
        {"AEGIS_DB_BUSY_TIMEOUT", "db-busy-timeout", "DURATION", "5s",
         "How long a statement waits for a lock held by another process.",
         [](GatewayConfig &c, const QString &v) { return parseDuration(v, false, &c.busyTimeout); }},
        {"AEGIS_WAL_MAX_BYTES", "wal-max-bytes", "BYTES", "67108864",
         "Bound of the write-ahead log: past it the writer resets the log between batches.",
         [](GatewayConfig &c, const QString &v) {
             return parseInteger(v, 64 * 1024, qint64(1) << 40, &c.walMaxBytes);
         }},
        {"AEGIS_WORKER_THREADS", "worker-threads", "N", "4",
         "Threads for long work kept off the HTTP thread (backups, verification).",
         [](GatewayConfig &c, const QString &v) {
             qint64 n = 0;
             QString e = parseInteger(v, 1, 64, &n);
             c.workerThreads = int(n);
             return e;
         }},
        {"AEGIS_WORK_QUEUE", "work-queue", "N", "32",
         "Jobs of each kind (backups, admin work, agent work) that may wait for a worker; more get 429.",
         [](GatewayConfig &c, const QString &v) {
             qint64 n = 0;
             QString e = parseInteger(v, 1, 100000, &n);
             c.workQueue = int(n);
             return e;
         }},
        {"AEGIS_RECEIPT_SIGNING_KEY", nullptr, nullptr, "(unsigned)",
         "Ed25519 seed as [key_id:]<64 hex>; receipts are signed when set. Environment only.",
         [](GatewayConfig &c, const QString &v) {
             c.receiptSigningKey = v.trimmed().toUtf8();
             return QString();
         }},
        {"AEGIS_RECEIPT_SIGNING_KEY_FILE", "receipt-signing-key-file", "FILE", "(none)",
         "File holding the Ed25519 signing key in the same form.",
         [](GatewayConfig &c, const QString &v) { return readSecretFile(v, &c.receiptSigningKey); }},
        {"AEGIS_APPROVAL_TTL", "approval-ttl", "DURATION", "15m",
         "How long a pending approval may be approved; after it the call cannot run.",
         [](GatewayConfig &c, const QString &v) { return parseDuration(v, false, &c.approvalTtl); }},
        {"AEGIS_BACKUP_INTERVAL", "backup-interval", "DURATION", "0 (off)",
         "Take aegis-auto-<time>.db backups on this interval, skipped when nothing changed.",
         [](GatewayConfig &c, const QString &v) { return parseDuration(v, true, &c.backupInterval); }},
        {"AEGIS_BACKUP_KEEP", "backup-keep", "N", "0 (all)",
         "Keep the newest N automatic backups; manual backups are never deleted.",
         [](GatewayConfig &c, const QString &v) {
             qint64 n = 0;
             QString e = parseInteger(v, 0, 100000, &n);
             c.backupKeep = int(n);
             return e;
         }},
        {"AEGIS_LOG_FORMAT", "log-format", "text|json", "text",
         "Log lines on stderr: plain text (for journald), or one JSON object per line.",
         [](GatewayConfig &c, const QString &v) {
             const QString format = v.trimmed().toLower();
             if (format != QLatin1String("text") && format != QLatin1String("json"))
                 return QStringLiteral("expected text or json, not '%1'").arg(v);
             c.logFormat = format == QLatin1String("json") ? LogFormat::Json : LogFormat::Text;
             return QString();
         }},
    };
    return table;
}

// Ends the start here with an action or a usage error, or returns nothing
// and leaves the flags in `parser`.
std::optional<GatewayConfigLoader::Result> parseArguments(QCommandLineParser &parser, const QStringList &arguments)
{
    using Result = GatewayConfigLoader::Result;
    using Action = GatewayConfigLoader::Action;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    const QCommandLineOption version(QStringLiteral("version"));
    const QCommandLineOption schemaVersion(QStringLiteral("schema-version"));
    parser.addOptions({help, version, schemaVersion});
    for (const Option &option : options()) {
        if (!option.flag)
            continue;
        parser.addOption(option.valueName ? QCommandLineOption(QLatin1String(option.flag), QString(),
                                                               QLatin1String(option.valueName))
                                          : QCommandLineOption(QLatin1String(option.flag)));
    }
    const auto usageError = [](const QString &text) {
        Result result;
        result.error = text;
        result.exitCode = GatewayConfigLoader::ExitUsage;
        return result;
    };
    const auto action = [](Action wanted) {
        Result result;
        result.action = wanted;
        return result;
    };
    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help))
        return action(Action::ShowHelp);
    if (parser.isSet(version))
        return action(Action::ShowVersion);
    if (parser.isSet(schemaVersion))
        return action(Action::ShowSchemaVersion);
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    return std::nullopt;
}

// The flags given, over what the environment set; an error names the flag
// and its variable.
QString applyFlags(const QCommandLineParser &parser, GatewayConfig &config)
{
    for (const Option &option : options()) {
        if (!option.flag)
            continue;
        const QString flag = QLatin1String(option.flag);
        if (!parser.isSet(flag))
            continue;
        // A switch given is its variable set to 1; of a flag given twice, the last counts.
        const QString value = option.valueName ? parser.value(flag) : QStringLiteral("1");
        if (const QString error = option.apply(config, value); !error.isEmpty())
            return QStringLiteral("--%1 (%2): %3").arg(flag, QLatin1String(option.variable), error);
    }
    return {};
}

// Checks the whole configuration; reads the TLS files into it on the way.
QString validate(GatewayConfig &c, QString *variable)
{
    if (c.tlsCertPath.isEmpty() != c.tlsKeyPath.isEmpty()) {
        *variable = c.tlsCertPath.isEmpty() ? QStringLiteral("AEGIS_TLS_CERT") : QStringLiteral("AEGIS_TLS_KEY");
        return QStringLiteral("TLS needs both AEGIS_TLS_CERT and AEGIS_TLS_KEY");
    }
    if (c.tlsEnabled()) {
        const auto certs = QSslCertificate::fromPath(c.tlsCertPath, QSsl::Pem);
        if (certs.isEmpty()) {
            *variable = QStringLiteral("AEGIS_TLS_CERT");
            return QStringLiteral("no PEM certificate could be read from %1").arg(c.tlsCertPath);
        }
        QFile keyFile(c.tlsKeyPath);
        if (!keyFile.open(QIODevice::ReadOnly)) {
            *variable = QStringLiteral("AEGIS_TLS_KEY");
            return QStringLiteral("cannot read %1: %2").arg(c.tlsKeyPath, keyFile.errorString());
        }
        const QByteArray pem = keyFile.readAll();
        QSslKey key(pem, QSsl::Rsa);
        if (key.isNull())
            key = QSslKey(pem, QSsl::Ec);
        if (key.isNull()) {
            *variable = QStringLiteral("AEGIS_TLS_KEY");
            return QStringLiteral("%1 holds no unencrypted RSA or EC private key in PEM form").arg(c.tlsKeyPath);
        }
        c.tlsCertificateChain = certs;
        c.tlsKey = key;
    }
    if (!c.receiptSigningKey.isEmpty()) {
        QString problem;
        if (!Ed25519Signer::fromKeySpec(QString::fromUtf8(c.receiptSigningKey), &problem)) {
            // Silently unsigned receipts are not acceptable: refuse to start.
            *variable = QStringLiteral("AEGIS_RECEIPT_SIGNING_KEY");
            return problem;
        }
    }
    if (!c.bindAddress.isLoopback() && !c.tlsEnabled() && !c.allowPlaintextRemote) {
        *variable = QStringLiteral("AEGIS_BIND");
        return QStringLiteral("%1 is reachable from other machines but TLS is off, so tokens would cross the "
                              "network in clear text; set AEGIS_TLS_CERT and AEGIS_TLS_KEY, or "
                              "AEGIS_ALLOW_PLAINTEXT_REMOTE=1 when a TLS proxy runs in front")
            .arg(c.bindText);
    }
    return {};
}

} // namespace

GatewayConfigLoader::Result GatewayConfigLoader::load(const QStringList &arguments,
                                                      const QProcessEnvironment &environment)
{
    // The flags are parsed first, so that --help and a usage error answer
    // whatever the environment holds; they are applied after it, so that a
    // flag wins.
    QCommandLineParser parser;
    if (auto finished = parseArguments(parser, arguments))
        return *finished;

    Result result;
    for (const Option &option : options()) {
        const QString name = QLatin1String(option.variable);
        // An empty variable counts as unset, as an "X=" line in an environment file means.
        if (environment.value(name).isEmpty())
            continue;
        const QString error = option.apply(result.config, environment.value(name));
        if (!error.isEmpty()) {
            result.error = name + QStringLiteral(": ") + error;
            result.exitCode = ExitConfig;
            return result;
        }
    }

    if (const QString error = applyFlags(parser, result.config); !error.isEmpty()) {
        result.error = error;
        result.exitCode = ExitConfig;
        return result;
    }

    QString variable;
    const QString error = validate(result.config, &variable);
    if (!error.isEmpty()) {
        result.error = variable + QStringLiteral(": ") + error;
        result.exitCode = ExitConfig;
    }
    return result;
}

QString GatewayConfigLoader::helpText()
{
    QString text = QStringLiteral(
        "Usage: aegis-gateway [options]\n"
        "\n"
        "The Aegis gateway: authorizes AI agents' tool calls, writes hash-chained\n"
        "receipts to SQLite, and takes online backups.\n"
        "\n"
        "Every option is an environment variable; most have a matching flag, which wins.\n"
        "\n"
        "  --help                 show this text\n"
        "  --version              print the gateway version\n"
        "  --schema-version       print the newest schema migration this binary carries\n"
        "\n");
    for (const Option &option : options()) {
        QString head = QLatin1String(option.variable);
        if (option.flag) {
            head += QStringLiteral(", --") + QLatin1String(option.flag);
            if (option.valueName)
                head += QLatin1Char(' ') + QLatin1String(option.valueName);
        }
        text += QStringLiteral("  %1\n      %2\n      default: %3\n")
                    .arg(head, QLatin1String(option.help), QLatin1String(option.defaultText));
    }
    text += QStringLiteral(
        "\nExit status: 0 stopped cleanly; 64 usage error; 65 the database was refused\n"
        "(newer schema, changed migration, not a database); 69 the address could not be\n"
        "bound; 70 internal error; 78 invalid configuration.\n");
    return text;
}

} // namespace aegis
