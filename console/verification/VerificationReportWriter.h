#pragma once

#include "console/verification/VerificationRun.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

namespace aegis::console {

// A chain verification's result as files an auditor keeps: JSON (the
// verify-chain shape plus where, when and by whom) and a PDF report (the
// same in words, with the receipts around the first failure). Pure
// functions of the run: safe on a worker thread.
class VerificationReportWriter
{
    Q_DECLARE_TR_FUNCTIONS(VerificationReportWriter)

public:
    static QJsonObject toJson(const VerificationRun &run);
    static QString toHtml(const VerificationRun &run);
    static bool writeJson(const VerificationRun &run, const QString &path, QString *error);
    static bool writePdf(const VerificationRun &run, const QString &path, QString *error);
};

} // namespace aegis::console
