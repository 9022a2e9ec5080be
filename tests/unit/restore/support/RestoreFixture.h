#pragma once

#include "common/receipts/ExpectedHead.h"

#include <QString>

namespace aegis::test {

// A live database and a backup of it taken earlier, built with the real
// schema and valid chains (tests/support/ReceiptChainBuilder), plus the
// backup's manifest as the gateway writes it:
//   backup: default 5 receipts, acme 3;
//   live:   the same receipts, then default +4 and acme +2 (newer evidence).
struct RestoreFixture
{
    explicit RestoreFixture(const QString &directory);

    // Builds both files and the manifest; false with *error on failure.
    bool build(QString *error);
    // The same files as `built` (copied: much faster than building, for
    // tests that need dozens of fresh copies).
    bool copyFrom(const RestoreFixture &built, QString *error);
    // Rewrites the manifest from the backup file as it is now.
    bool writeManifest(QString *error);

    QString directory;
    QString database;  // <dir>/live/aegis.db
    QString backup;    // <dir>/backups/b1.db
    QString manifest;  // <dir>/backups/b1.db.manifest.json
    QString liveSha256;
    QString backupSha256;
    ExpectedHeads liveHeads;
    ExpectedHeads backupHeads;

    static QString sha256Of(const QString &path);
    // Every file in the live directory, sorted, with its sha256: "nothing
    // touched" is this listing unchanged.
    QStringList liveListing() const;
};

} // namespace aegis::test
