// Placeholder until the HTTPServer module lands (issue 3).
enum HTTPServerModule {}
