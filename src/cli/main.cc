#include "cli/cli.h"

int main(int argc, char** argv) { return smartgov::RunCli(argc, argv); }
