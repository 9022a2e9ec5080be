#include "common/restore/FileSwap.h"

#include "common/restore/RestoreFileNames.h"

#include <QJsonObject>

#include <algorithm>

namespace aegis {

namespace {

QJsonObject action(const QString &what, const QString &from, const QString &to)
{
    return {{QStringLiteral("action"), what}, {QStringLiteral("from"), from}, {QStringLiteral("to"), to}};
}

} // namespace

FileSwap::FileSwap(FileOperations &files, RestoreJournal &journal)
    : m_files(files)
    , m_journal(journal)
{
}

bool FileSwap::rename(const QString &from, const QString &to, const QString &why, QJsonArray *actions, QString *error)
{
    if (!m_files.renameNoReplace(from, to, error))
        return false;
    if (actions)
        actions->append(action(why, from, to));
    return true;
}

bool FileSwap::recordOriginals(const FileOperations::Progress &progress, QString *error)
{
    if (!m_journal.originals.isEmpty())
        return true;
    const RestoreFileNames names(m_journal.databasePath, m_journal.stamp);
    QList<RestoreJournal::Original> originals;
    for (const QString &role : RestoreFileNames::roles()) {
        const QString live = names.live(role);
        if (!m_files.exists(live))
            continue;
        const auto status = m_files.status(live, error);
        if (!status)
            return false;
        const Sha256::FileResult hash = m_files.hashCachedFile(live, progress, {});
        if (!hash.ok) {
            if (error)
                *error = hash.error;
            return false;
        }
        originals.append({role, live, names.aside(role), status->size, hash.hex});
        if (role == QLatin1String("db")) {
            m_journal.hasOriginalStatus = true;
            m_journal.originalStatus = *status;
        }
    }
    m_journal.originals = originals;
    return true;
}

bool FileSwap::moveAside(QJsonArray *actions, QString *error)
{
    for (const RestoreJournal::Original &original : std::as_const(m_journal.originals)) {
        const bool atLive = m_files.exists(original.live);
        const bool atAside = m_files.exists(original.aside);
        if (atAside && !atLive)
            continue; // moved before an interruption
        if (atAside && atLive) {
            if (error)
                *error = QStringLiteral("both %1 and %2 exist: the live name was taken again after the move")
                             .arg(original.live, original.aside);
            return false;
        }
        if (!atLive) {
            if (error)
                *error = QStringLiteral("%1 disappeared before it could be set aside").arg(original.live);
            return false;
        }
        if (!rename(original.live, original.aside, QStringLiteral("set aside"), actions, error))
            return false;
    }
    const RestoreFileNames names(m_journal.databasePath, m_journal.stamp);
    if (!m_files.syncDirectory(names.directory(), error))
        return false;
    // A companion appearing now means something opened the database again.
    for (const QString &role : RestoreFileNames::roles()) {
        if (m_files.exists(names.live(role))) {
            if (error)
                *error = QStringLiteral("%1 appeared after the live files were set aside: something is using the "
                                        "database")
                             .arg(names.live(role));
            return false;
        }
    }
    return true;
}

bool FileSwap::install(QJsonArray *actions, QString *error)
{
    const RestoreFileNames names(m_journal.databasePath, m_journal.stamp);
    const QString live = names.live(QStringLiteral("db"));
    const bool atTemporary = m_files.exists(m_journal.temporaryPath);
    const bool atLive = m_files.exists(live);
    if (!atTemporary && atLive)
        return true; // renamed before an interruption
    if (atTemporary && atLive) {
        if (error)
            *error = QStringLiteral("%1 exists again: something created it after the live files were set aside").arg(live);
        return false;
    }
    if (!atTemporary) {
        if (error)
            *error = QStringLiteral("the verified copy %1 is gone").arg(m_journal.temporaryPath);
        return false;
    }
    if (!rename(m_journal.temporaryPath, live, QStringLiteral("put in place"), actions, error))
        return false;
    return m_files.syncDirectory(names.directory(), error);
}

bool FileSwap::isForeign(const QString &role)
{
    const RestoreJournal::Original *original = m_journal.original(role);
    if (original)
        return m_files.exists(original->aside); // the original is aside: this is something else
    // No such original when the gateway stopped: whatever is there now came
    // with the restore (the copy, or the restored gateway's -wal/-shm).
    return !m_journal.originals.isEmpty() || m_journal.reached > RestoreJournal::Phase::MovingAside;
}

QString FileSwap::freeName(const QString &wanted)
{
    QString name = wanted;
    for (int n = 1; m_files.exists(name); ++n)
        name = wanted + QStringLiteral(".%1").arg(n);
    return name;
}

bool FileSwap::touched()
{
    if (!m_journal.temporaryPath.isEmpty() && m_files.exists(m_journal.temporaryPath))
        return true;
    for (const RestoreJournal::Original &original : std::as_const(m_journal.originals)) {
        if (m_files.exists(original.aside))
            return true;
    }
    const RestoreFileNames names(m_journal.databasePath, m_journal.stamp);
    for (const QString &role : RestoreFileNames::roles()) {
        if (m_files.exists(names.live(role)) && isForeign(role))
            return true;
    }
    return false;
}

bool FileSwap::putBack(QJsonArray *actions, QString *error)
{
    const RestoreFileNames names(m_journal.databasePath, m_journal.stamp);
    // The restore's own temporary copy of the backup: not evidence, removed.
    if (!m_journal.temporaryPath.isEmpty() && m_files.exists(m_journal.temporaryPath)) {
        if (!m_files.remove(m_journal.temporaryPath, error))
            return false;
        if (actions)
            actions->append(action(QStringLiteral("removed the restore's temporary copy"), m_journal.temporaryPath, QString()));
    }
    // Whatever the restore put under the live names goes to .failed-restore
    // names: kept, since a restored gateway may have written to it.
    for (const QString &role : RestoreFileNames::roles()) {
        const QString live = names.live(role);
        if (!m_files.exists(live) || !isForeign(role))
            continue;
        if (!rename(live, freeName(names.failed(role)), QStringLiteral("restored copy moved away"), actions, error))
            return false;
    }
    // The originals back, the database last.
    QList<RestoreJournal::Original> originals = m_journal.originals;
    std::reverse(originals.begin(), originals.end());
    for (const RestoreJournal::Original &original : std::as_const(originals)) {
        const bool atLive = m_files.exists(original.live);
        const bool atAside = m_files.exists(original.aside);
        if (atLive && !atAside)
            continue; // never moved, or already back
        if (!atAside) {
            if (error)
                *error = QStringLiteral("the original %1 is neither at %2 nor at %3").arg(original.role, original.live, original.aside);
            return false;
        }
        if (atLive) {
            if (error)
                *error = QStringLiteral("%1 is occupied; the original is still at %2").arg(original.live, original.aside);
            return false;
        }
        if (!rename(original.aside, original.live, QStringLiteral("original put back"), actions, error))
            return false;
    }
    return m_files.syncDirectory(names.directory(), error);
}

} // namespace aegis
