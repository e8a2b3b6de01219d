// The header only declares libFuzzer's LLVMFuzzerRunDriver; it is linked by -sanitize=fuzzer.
