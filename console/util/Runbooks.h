#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace aegis::console {

// The operator's runbooks, for the Help menu: the copies the Debian package
// installs (/usr/share/doc/aegis), or the repository's docs/runbooks when
// the console runs from its build tree.
class Runbooks
{
    Q_DECLARE_TR_FUNCTIONS(Runbooks)

public:
    struct Inputs
    {
        QString installedDirectory = QStringLiteral("/usr/share/doc/aegis");
        // Where the console binary is (a build tree finds its repository).
        QString applicationDirectory;
    };

    struct Entry
    {
        QString title; // "The guided restore"
        QString path;  // absolute
    };

    // Those found, in the order an operator in trouble needs them.
    static QList<Entry> find(const Inputs &inputs);
    // Where find() looks, for the Help menu when it finds none.
    static QStringList searched(const Inputs &inputs);
};

} // namespace aegis::console
