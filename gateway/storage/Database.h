#pragma once

#include "gateway/config/GatewayConfig.h"

#include <QMutex>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include <chrono>

struct sqlite3;

namespace aegis {

// The gateway's SQLite database. QSQLITE connections belong to the thread
// that opened them and Qt opens SQLite without a mutex, so nothing here is
// shared between threads: every thread that needs the database opens a
// ScopedConnection of its own from this object.
class Database
{
public:
    struct Options
    {
        QString path;
        DbSync sync = DbSync::Full;
        std::chrono::milliseconds busyTimeout{5000};
    };

    explicit Database(Options options);
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    const Options &options() const { return m_options; }
    QString path() const { return m_options.path; }

    // Asks every open connection's running statement to stop (sqlite3_interrupt
    // is safe from any thread). Used at shutdown so that a long VACUUM INTO or
    // verification cannot hold the process beyond its grace period.
    void interruptAll();
    // Connections of this process still open, for the shutdown report.
    int openConnections() const;

private:
    friend class ScopedConnection;
    void track(sqlite3 *handle);
    void untrack(sqlite3 *handle);

    Options m_options;
    mutable QMutex m_mutex;
    QSet<sqlite3 *> m_open;
};

} // namespace aegis
