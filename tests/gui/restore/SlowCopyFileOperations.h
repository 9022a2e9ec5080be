#pragma once

#include "common/restore/PosixFileOperations.h"

namespace aegis::test {

// The real file operations with a copy that takes its time: it waits (up to
// a minute) for a cancel before copying, as a copy of a large backup gives
// an operator time to press Cancel.
class SlowCopyFileOperations : public PosixFileOperations
{
public:
    bool copyDurably(const QString &from, const QString &to, const Progress &progress, const Cancelled &cancelled,
                     QString *writtenSha256, QString *error) override;
};

} // namespace aegis::test
