#pragma once

#include "tests/support/HttpTestClient.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <memory>
#include <utility>

namespace aegis::test {

// The real aegis-gateway binary as a child process, in its own working
// directory (so its defaults, db/ and backups/, land there), on a port the
// kernel picks (AEGIS_BIND=127.0.0.1:0): no race for a "free" port.
class GatewayProcess
{
public:
    explicit GatewayProcess(const QString &workDir);
    // A gateway still running is stopped with SIGTERM, and a status other
    // than 0 ends the test program with the gateway's output: a test that
    // forgets to stop its gateway still cannot hide a crash at shutdown.
    // kill() first to leave on purpose without a clean stop.
    ~GatewayProcess();

    static QString binary();

    QProcessEnvironment &environment() { return m_environment; }
    QStringList &arguments() { return m_arguments; }
    void setEnv(const QString &name, const QString &value) { m_environment.insert(name, value); }
    // RLIMIT_FSIZE for the gateway: writes past it fail like a full disk.
    void setFileSizeLimit(qint64 bytes) { m_fileSizeLimit = bytes; }
    // RLIMIT_NOFILE for the gateway, as `prlimit --nofile=soft:hard` would set it.
    void setOpenFileLimit(qint64 soft, qint64 hard) { m_openFileLimit = {soft, hard}; }

    // Starts and waits for the "listening on" line. On failure the reason
    // and the gateway's output are in lastError().
    bool start(int timeoutMs = 30000);
    // Runs to completion (for refusals): returns the exit status.
    int runToExit(int timeoutMs = 30000);

    bool isRunning() const;
    quint16 port() const { return m_port; }
    QString workDir() const { return m_workDir; }
    QString databasePath() const;
    QByteArray adminToken() const;
    qint64 pid() const;
    // Resident memory in KiB from /proc, or -1.
    qint64 residentKiB() const;

    HttpTestClient client() const;
    HttpTestClient adminClient() const;

    // Sends the signal and waits for the exit; returns the exit status, or
    // -1 when it did not exit in time (it is then killed) or died of a
    // signal (a sanitizer's abort among them). Every caller must look at it:
    // a gateway that crashes while stopping is a failure. One that already
    // exited gives the status it exited with.
    [[nodiscard]] int stop(int signalNumber, int timeoutMs = 30000);
    // Waits for an exit already under way (a signal sent by the test
    // itself); the exit status as stop() gives it.
    [[nodiscard]] int waitForExit(int timeoutMs = 30000);
    void kill();
    // The last run ended by kill(): a test's own crash, whose exit status
    // means nothing. Cleared by the next start.
    bool wasKilled() const { return m_killed; }
    // start() or runToExit() was called at least once.
    bool hasRun() const { return m_process != nullptr; }

    QString output() const;
    QString lastError() const { return m_lastError; }

private:
    void collect();
    void configure(QProcess &process) const;

    QString m_workDir;
    QProcessEnvironment m_environment;
    QStringList m_arguments;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QByteArray m_output;
    mutable QString m_logPath; // this run's output (configure() picks a new one per run)
    QString m_lastError;
    qint64 m_fileSizeLimit = -1;
    bool m_killed = false;
    std::pair<qint64, qint64> m_openFileLimit{-1, -1};
};

} // namespace aegis::test
