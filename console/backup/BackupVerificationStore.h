#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

class QSettings;

namespace aegis::console {

// What this console found when it verified a backup, kept in its settings
// and keyed by the SHA-256 of the file as verified. The gateway records its
// verifications in its own database, so a restore (which puts an older
// database in place) forgets them all, the tampered backup's included; the
// console's record survives that, and it holds only while the file is the
// one verified: the catalog entry must still have the manifest digest and
// the size it had then.
class BackupVerificationStore
{
public:
    struct Record
    {
        QString fileSha256;     // the key: the bytes that were verified
        QString manifestSha256; // what the manifest recorded then ("" without one)
        QString name;
        qint64 sizeBytes = -1;
        QDateTime verifiedAt; // UTC
        bool restorable = false;
    };

    // Kept at most, the oldest forgotten first.
    static constexpr int Limit = 500;

    explicit BackupVerificationStore(QSettings &settings);

    void remember(const Record &record);
    // From a verify answer (POST …/verify) and the catalog entry verified;
    // nullopt when the answer gives no digest to key it by.
    static std::optional<Record> fromAnswer(const QJsonObject &answer, const QJsonObject &catalogEntry,
        const QString &fileSha256 = QString());

    // The newest record that still describes this catalog entry's file.
    std::optional<Record> find(const QJsonObject &catalogEntry) const;
    // The catalog with each entry's "last_verification" the newer of the
    // gateway's and this console's ({"verified_at","restorable",
    // "file_sha256"?}).
    QJsonArray merged(const QJsonArray &catalog) const;

private:
    std::vector<Record> all() const;

    QSettings &m_settings;
};

} // namespace aegis::console
