#include "console/restore/RefusalAdvice.h"

namespace aegis::console {

QString RefusalAdvice::forCheck(const PreflightCheck &check)
{
    // Only a remedy that names an aegis-restore option needs the console's
    // own words; the others say what to do anywhere.
    if (check.option.isEmpty())
        return check.remedy;
    switch (check.kind) {
    case PreflightCheck::Kind::NoUnfinishedRestore:
        return tr("Deal with the interrupted restore first: close this wizard and press “Finish or roll back…” on "
                  "the Restore page.");
    case PreflightCheck::Kind::Manifest:
        return tr("Prefer a backup the gateway took: it writes the manifest. To restore this one anyway, tick "
                  "“Restore it without a manifest” below, knowing that its contents cannot be compared with a "
                  "record made when it was taken.");
    case PreflightCheck::Kind::Schema:
        return tr("Start the gateway so that it can tell which schema it knows (or, when the console runs the "
                  "gateway itself, name its binary under Connection → Edit connection…); then run the checks again.");
    case PreflightCheck::Kind::AdminToken:
        return tr("Give the right admin token under Connection → Edit connection… (Ctrl+K); the checks after the "
                  "restart need it.");
    default:
        break;
    }
    return check.remedy;
}

} // namespace aegis::console
