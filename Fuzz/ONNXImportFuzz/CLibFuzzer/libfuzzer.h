// libFuzzer's entry point for a program that has its own main (-sanitize=fuzzer links libFuzzer
// without its main then): https://llvm.org/docs/LibFuzzer.html#using-libfuzzer-as-a-library
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
