#ifndef TRACELINK_CZLIB_SHIM_H
#define TRACELINK_CZLIB_SHIM_H
#include <zlib.h>
#endif
