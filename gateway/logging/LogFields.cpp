#include "gateway/logging/LogFields.h"

namespace aegis {

namespace {
thread_local const LogFields *innermost = nullptr;
}

LogFields::LogFields(std::initializer_list<Field> fields)
    : m_fields(fields)
    , m_outer(innermost)
{
    innermost = this;
}

LogFields::~LogFields()
{
    innermost = m_outer;
}

const std::vector<LogFields::Field> *LogFields::current()
{
    return innermost ? &innermost->m_fields : nullptr;
}

} // namespace aegis
