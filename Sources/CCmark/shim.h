#ifndef WHOCARD_CCMARK_SHIM_H
#define WHOCARD_CCMARK_SHIM_H
#include <cmark.h>
#endif
