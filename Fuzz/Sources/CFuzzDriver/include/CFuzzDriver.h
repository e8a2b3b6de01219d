// libFuzzer's library entry point (compiler-rt FuzzerDriver.cpp, "Using libFuzzer as a library").
// SwiftPM renames an executable's entry point to <Target>_main and points `main` at it, so
// libFuzzer's own main() is never linked; each fuzz target's main.swift calls this instead.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
