// The C math library for log10 and pow; Charts imports no Foundation, so no locale reaches its text.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#endif
