#pragma once

#include <QLabel>

namespace aegis::console {

// A file's SHA-256 beside the one its manifest recorded. When they agree,
// one full hash; when they differ, both in full, in the bad colour, and
// which is which: showing only the manifest's hash for a file that changed
// would tell an operator the file is what it is not.
class DigestLabel : public QLabel
{
    Q_OBJECT

public:
    explicit DigestLabel(QWidget *parent = nullptr);

    // Either may be empty (not known); both empty shows "unknown".
    void setDigests(const QString &fileSha256, const QString &manifestSha256);
    bool differs() const { return !m_file.isEmpty() && !m_manifest.isEmpty() && m_file != m_manifest; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    QString m_file;
    QString m_manifest;
};

} // namespace aegis::console
