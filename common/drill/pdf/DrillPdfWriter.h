#pragma once

#include "common/drill/DrillReport.h"

#include <QString>

namespace aegis {

// The drill report for auditors (QPdfWriter, A4): a title, a summary box
// (verdict, reason, the backup with its full sha256, recovery point and
// time, when, where, versions, the JSON report's sha256), the step table
// and the check table with expected and found values. Long values (hashes,
// paths, evidence) wrap inside their cells and rows move to a new page
// whole: nothing is clipped. Needs a QGuiApplication (fonts).
class DrillPdfWriter
{
public:
    static bool write(const DrillReport &report, const QString &jsonSha256, const QString &path, QString *error);
};

} // namespace aegis
