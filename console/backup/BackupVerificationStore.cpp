#include "console/backup/BackupVerificationStore.h"

#include "common/util/Timestamp.h"

#include <QSettings>

#include <algorithm>

namespace aegis::console {

namespace {

const QString Group = QStringLiteral("backupVerifications");

bool isHash(const QString &text)
{
    if (text.size() != 64)
        return false;
    return std::all_of(text.begin(), text.end(), [](QChar c) {
        return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'));
    });
}

} // namespace

BackupVerificationStore::BackupVerificationStore(QSettings &settings)
    : m_settings(settings)
{
}

std::optional<BackupVerificationStore::Record> BackupVerificationStore::fromAnswer(const QJsonObject &answer,
    const QJsonObject &catalogEntry, const QString &fileSha256)
{
    const QJsonObject checks = answer.value(QStringLiteral("checks")).toObject();
    Record record;
    record.name = answer.value(QStringLiteral("name")).toString(catalogEntry.value(QStringLiteral("name")).toString());
    record.manifestSha256 = checks.value(QStringLiteral("manifest_sha256"))
                                .toString(catalogEntry.value(QStringLiteral("sha256")).toString());
    record.fileSha256 = fileSha256.isEmpty() ? checks.value(QStringLiteral("file_sha256")).toString() : fileSha256;
    // A gateway that does not say the file's digest: "ok" means it is the
    // manifest's.
    if (record.fileSha256.isEmpty() && checks.value(QStringLiteral("sha256")).toString() == QLatin1String("ok"))
        record.fileSha256 = record.manifestSha256;
    if (!isHash(record.fileSha256))
        return std::nullopt;
    record.sizeBytes = qint64(catalogEntry.value(QStringLiteral("size_bytes")).toDouble(-1));
    record.verifiedAt = Timestamp::parse(answer.value(QStringLiteral("verified_at")).toString());
    if (!record.verifiedAt.isValid())
        record.verifiedAt = QDateTime::currentDateTimeUtc();
    record.restorable = answer.value(QStringLiteral("restorable")).toBool();
    return record;
}

void BackupVerificationStore::remember(const Record &record)
{
    if (!isHash(record.fileSha256))
        return;
    m_settings.beginGroup(Group);
    m_settings.beginGroup(record.fileSha256);
    m_settings.setValue(QStringLiteral("manifestSha256"), record.manifestSha256);
    m_settings.setValue(QStringLiteral("name"), record.name);
    m_settings.setValue(QStringLiteral("sizeBytes"), record.sizeBytes);
    m_settings.setValue(QStringLiteral("verifiedAt"), Timestamp::millis(record.verifiedAt));
    m_settings.setValue(QStringLiteral("restorable"), record.restorable);
    m_settings.endGroup();
    m_settings.endGroup();

    std::vector<Record> records = all();
    if (int(records.size()) > Limit) {
        std::sort(records.begin(), records.end(),
            [](const Record &a, const Record &b) { return a.verifiedAt < b.verifiedAt; });
        m_settings.beginGroup(Group);
        for (size_t i = 0; i < records.size() - size_t(Limit); ++i)
            m_settings.remove(records[i].fileSha256);
        m_settings.endGroup();
    }
    m_settings.sync();
}

std::vector<BackupVerificationStore::Record> BackupVerificationStore::all() const
{
    std::vector<Record> out;
    m_settings.beginGroup(Group);
    for (const QString &key : m_settings.childGroups()) {
        m_settings.beginGroup(key);
        Record record;
        record.fileSha256 = key;
        record.manifestSha256 = m_settings.value(QStringLiteral("manifestSha256")).toString();
        record.name = m_settings.value(QStringLiteral("name")).toString();
        record.sizeBytes = m_settings.value(QStringLiteral("sizeBytes"), -1).toLongLong();
        record.verifiedAt = Timestamp::parse(m_settings.value(QStringLiteral("verifiedAt")).toString());
        record.restorable = m_settings.value(QStringLiteral("restorable")).toBool();
        m_settings.endGroup();
        if (isHash(record.fileSha256) && record.verifiedAt.isValid())
            out.push_back(record);
    }
    m_settings.endGroup();
    return out;
}

std::optional<BackupVerificationStore::Record> BackupVerificationStore::find(const QJsonObject &catalogEntry) const
{
    const QString sha = catalogEntry.value(QStringLiteral("sha256")).toString();
    const QString name = catalogEntry.value(QStringLiteral("name")).toString();
    const qint64 size = qint64(catalogEntry.value(QStringLiteral("size_bytes")).toDouble(-1));
    std::optional<Record> newest;
    for (const Record &record : all()) {
        // With a manifest, its digest names the backup wherever it is; a
        // file without one is known by its name alone.
        const bool same = sha.isEmpty() ? record.manifestSha256.isEmpty() && record.name == name
                                        : record.manifestSha256 == sha || record.fileSha256 == sha;
        // A file whose size changed is not the file that was verified.
        if (!same || (record.sizeBytes >= 0 && size >= 0 && record.sizeBytes != size))
            continue;
        if (!newest || newest->verifiedAt < record.verifiedAt)
            newest = record;
    }
    return newest;
}

QJsonArray BackupVerificationStore::merged(const QJsonArray &catalog) const
{
    QJsonArray out;
    for (const QJsonValue &value : catalog) {
        QJsonObject entry = value.toObject();
        const auto record = find(entry);
        const QDateTime gateway = Timestamp::parse(
            entry.value(QStringLiteral("last_verification")).toObject().value(QStringLiteral("verified_at")).toString());
        if (record && (!gateway.isValid() || gateway < record->verifiedAt)) {
            entry.insert(QStringLiteral("last_verification"),
                QJsonObject{{QStringLiteral("verified_at"), Timestamp::millis(record->verifiedAt)},
                    {QStringLiteral("restorable"), record->restorable},
                    {QStringLiteral("file_sha256"), record->fileSha256}});
        }
        out.append(entry);
    }
    return out;
}

} // namespace aegis::console
