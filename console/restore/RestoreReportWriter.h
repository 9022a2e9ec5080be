#pragma once

#include "common/restore/RestoreReport.h"

#include <QCoreApplication>
#include <QString>

namespace aegis::console {

// A restore report as the files an operator hands to an auditor: the
// engine's JSON and text, and a PDF of the same for people. Pure functions
// of the report: safe on a worker thread.
class RestoreReportWriter
{
    Q_DECLARE_TR_FUNCTIONS(RestoreReportWriter)

public:
    enum class Format
    {
        Json,
        Text,
        Pdf
    };

    static QString toHtml(const RestoreReport &report);
    static bool write(const RestoreReport &report, Format format, const QString &path, QString *error);
    static QString suffix(Format format);
};

} // namespace aegis::console
