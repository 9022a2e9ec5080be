#include "console/connection/KeychainTokenVault.h"

#include <qt6keychain/keychain.h>

namespace aegis::console {

namespace {

KeychainTokenVault::Outcome outcomeOf(QKeychain::Job *job)
{
    KeychainTokenVault::Outcome outcome;
    outcome.ok = job->error() == QKeychain::NoError;
    outcome.notFound = job->error() == QKeychain::EntryNotFound;
    if (!outcome.ok)
        outcome.error = job->errorString();
    return outcome;
}

} // namespace

KeychainTokenVault::KeychainTokenVault(QObject *parent)
    : QObject(parent)
{
}

QString KeychainTokenVault::serviceName()
{
    return QStringLiteral("aegis-console");
}

void KeychainTokenVault::read(const QString &profileId, Callback done)
{
    auto *job = new QKeychain::ReadPasswordJob(serviceName(), this);
    // Never QtKeychain's "insecure fallback": it writes the secret into
    // plain QSettings.
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(profileId);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *finished) {
        Outcome outcome = outcomeOf(finished);
        if (outcome.ok)
            outcome.token = static_cast<QKeychain::ReadPasswordJob *>(finished)->binaryData();
        done(outcome);
    });
    job->start();
}

void KeychainTokenVault::write(const QString &profileId, const QByteArray &token, Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(serviceName(), this);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(profileId);
    job->setBinaryData(token);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *finished) {
        done(outcomeOf(finished));
    });
    job->start();
}

void KeychainTokenVault::remove(const QString &profileId, Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(profileId);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *finished) {
        done(outcomeOf(finished));
    });
    job->start();
}

} // namespace aegis::console
