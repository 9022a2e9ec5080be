#pragma once

#include <QString>

namespace aegis::test {

// A fresh, empty directory for one test case under the test's private
// scratch root (AEGIS_TEST_TMP, set by CTest). Left in place after the run
// so a failure can be examined; wiped at the next run of the same case.
class ScratchDir
{
public:
    explicit ScratchDir(const QString &caseName);

    QString path() const { return m_path; }
    QString filePath(const QString &name) const;

private:
    QString m_path;
};

// Where tests save what a person should look at (screenshots, reports).
QString artifactDir(const QString &subdir);

} // namespace aegis::test
