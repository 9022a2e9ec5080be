#pragma once

#include <QByteArray>
#include <QString>

namespace aegis::FileSync {

// The few file operations that must be durable: evidence files are fsynced,
// renamed into place without replacing anything, and their directory is
// fsynced, so that after a crash a file exists under its final name only if
// it is complete.

bool fsyncFile(const QString &path, QString *error);
bool fsyncDirectory(const QString &directory, QString *error);

// rename(2) that fails (EEXIST) instead of replacing an existing target.
bool renameNoReplace(const QString &from, const QString &to, QString *error);

// Writes `bytes` to a temporary name beside `path`, fsyncs, renames into
// place (replacing only if `replace`), fsyncs the directory. The file gets
// `mode` (e.g. 0600).
bool writeFile(const QString &path, const QByteArray &bytes, int mode, bool replace, QString *error);

// errno of the last failure of the functions above on this thread, for
// callers that must tell "disk full" (ENOSPC) from other failures.
int lastErrno();

} // namespace aegis::FileSync
