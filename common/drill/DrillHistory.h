#pragma once

#include "common/drill/DrillReport.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace aegis {

// The drill history: one directory of reports, drill-<UTC time>.json (and
// the PDF beside it, .pdf). Nothing else is kept: the directory is the
// history, so that an auditor can be handed a copy of it.
class DrillHistory
{
public:
    struct Entry
    {
        QString jsonPath;
        DrillReport report;
    };

    struct Saved
    {
        bool ok = false;
        QString jsonPath;
        QString sha256; // of the JSON as written
        QString error;
    };

    explicit DrillHistory(QString directory);
    const QString &directory() const { return m_directory; }

    // Creates the directory (0700) when missing; never replaces a report.
    Saved save(const DrillReport &report, const QByteArray &json) const;
    // Newest first; unreadable files are skipped (*skipped counts them).
    QList<Entry> load(int *skipped = nullptr) const;
    static QString pdfPathFor(const QString &jsonPath);

private:
    QString m_directory;
};

} // namespace aegis
