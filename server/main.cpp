#include "server/app/server_app.h"

int main(int argc, char** argv) { return kakunin::server::ServerMain(argc, argv); }
