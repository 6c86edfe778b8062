// The fake agents listen on Unix sockets; Mose only runs on Linux hosts.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
