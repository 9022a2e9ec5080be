#pragma once

#include "common/restore/PosixFileOperations.h"
#include "common/restore/RestoreEngine.h"
#include "tests/support/ScratchDir.h"
#include "tests/unit/restore/support/FakeClock.h"
#include "tests/unit/restore/support/FakeGateway.h"
#include "tests/unit/restore/support/FaultyFileOperations.h"
#include "tests/unit/restore/support/RestoreFixture.h"

#include <QDir>
#include <QFileInfo>
#include <QtTest>

#include <memory>

namespace aegis::test {

// One restore's world for a unit test: the fixture's files, the real file
// system behind FaultyFileOperations, a FakeGateway that holds the database
// while it runs, and a FakeClock.
struct RestoreRig
{
    explicit RestoreRig(const QString &name)
        : dir(name)
        , fixture(dir.path())
        , files(posix)
        , gateway(fixture.database)
    {
        // Built once per test binary, copied for each rig.
        static const RestoreFixture &built = [] () -> const RestoreFixture & {
            static ScratchDir templateDir(QStringLiteral("fixture-template"));
            static RestoreFixture once(templateDir.path());
            QString why;
            if (!once.build(&why))
                qFatal("fixture: %s", qPrintable(why));
            return once;
        }();
        QString error;
        if (!fixture.copyFrom(built, &error))
            qFatal("fixture: %s", qPrintable(error));
        files.lockOverride = [this](const QString &path) -> std::optional<LockProbe> {
            if (gateway.isHoldingDatabase() && path == fixture.database && QFileInfo::exists(path)) {
                LockProbe held;
                held.state = LockProbe::State::Held;
                held.holderPid = 4242;
                held.detail = QStringLiteral("process 4242 holds a lock on %1").arg(path);
                return held;
            }
            return std::nullopt;
        };
        options.backupPath = fixture.backup;
        options.databasePath = fixture.database;
        options.gatewaySchemaVersion = 2;
        options.gatewayUrl = QStringLiteral("http://fake");
        options.service.kind = ServiceControl::Kind::Managed;
    }

    RestoreContext context() { return RestoreContext{files, gateway, gateway, clock, nullptr}; }

    // Preflight, execute and (when verified) finish, as aegis-restore --yes does.
    RestoreReport restore(BadFilesDisposition disposition = BadFilesDisposition::Keep)
    {
        RestoreEngine engine(context(), options);
        PreflightResult preflight = engine.preflight();
        if (options.allowMissingManifest)
            preflight.applyOverrides();
        RestoreReport report = engine.execute(preflight);
        if (report.outcome == RestoreReport::Outcome::Verified)
            report = engine.finish(disposition);
        return report;
    }

    QString journalPath() const { return fixture.database + QStringLiteral(".restore-journal.json"); }
    QStringList named(const QString &pattern) const
    {
        return QFileInfo(fixture.database).absoluteDir().entryList({pattern}, QDir::Files | QDir::Hidden, QDir::Name);
    }
    QString livePath(const QString &name) const { return QFileInfo(fixture.database).absoluteDir().filePath(name); }
    // sha256 of every file set aside or rolled back, and of the live database.
    QStringList hashesOf(const QStringList &names) const
    {
        QStringList out;
        for (const QString &name : names)
            out << RestoreFixture::sha256Of(livePath(name));
        return out;
    }

    ScratchDir dir;
    RestoreFixture fixture;
    PosixFileOperations posix;
    FaultyFileOperations files;
    FakeGateway gateway;
    FakeClock clock;
    RestoreOptions options;
};

} // namespace aegis::test
