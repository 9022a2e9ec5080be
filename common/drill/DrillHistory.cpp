#include "common/drill/DrillHistory.h"

#include "common/crypto/Sha256.h"
#include "common/util/Timestamp.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace aegis {

DrillHistory::DrillHistory(QString directory)
    : m_directory(std::move(directory))
{
}

QString DrillHistory::pdfPathFor(const QString &jsonPath)
{
    QString pdf = jsonPath;
    if (pdf.endsWith(QLatin1String(".json")))
        pdf.chop(5);
    return pdf + QStringLiteral(".pdf");
}

DrillHistory::Saved DrillHistory::save(const DrillReport &report, const QByteArray &json) const
{
    Saved out;
    QDir directory(m_directory);
    if (!directory.exists() && !QDir().mkpath(m_directory)) {
        out.error = QStringLiteral("cannot create the drill history directory %1").arg(m_directory);
        return out;
    }
    QFile::setPermissions(m_directory, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QString stem = QStringLiteral("drill-%1").arg(Timestamp::compact(report.startedAt));
    for (int serial = 1; serial < 1000; ++serial) {
        const QString name = serial == 1 ? stem + QStringLiteral(".json") : QStringLiteral("%1-%2.json").arg(stem).arg(serial);
        QFile file(directory.filePath(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            continue;
        if (file.write(json) != json.size() || !file.flush()) {
            out.error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
            file.remove();
            return out;
        }
        file.close();
        out.ok = true;
        out.jsonPath = file.fileName();
        out.sha256 = Sha256::hex(json);
        return out;
    }
    out.error = QStringLiteral("no free report name in %1").arg(m_directory);
    return out;
}

QList<DrillHistory::Entry> DrillHistory::load(int *skipped) const
{
    QList<Entry> out;
    int bad = 0;
    const QDir directory(m_directory);
    const QStringList names = directory.entryList({QStringLiteral("drill-*.json")}, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        QFile file(directory.filePath(name));
        QString error;
        std::optional<DrillReport> report;
        if (file.open(QIODevice::ReadOnly))
            report = DrillReport::fromJson(QJsonDocument::fromJson(file.read(16 * 1024 * 1024)).object(), &error);
        if (!report) {
            ++bad;
            continue;
        }
        out.append({file.fileName(), *report});
    }
    std::sort(out.begin(), out.end(), [](const Entry &a, const Entry &b) { return a.report.startedAt > b.report.startedAt; });
    if (skipped)
        *skipped = bad;
    return out;
}

} // namespace aegis
