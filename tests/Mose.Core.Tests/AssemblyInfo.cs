// The tests run /bin/sh and read /proc; Mose only runs on Linux hosts.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
