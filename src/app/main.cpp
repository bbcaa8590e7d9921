// Entry point of the carrel server. Placeholder until the app wiring lands below.
int main() { return 0; }
