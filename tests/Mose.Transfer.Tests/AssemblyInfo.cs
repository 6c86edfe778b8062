// The tests create symlinks and check unix modes; Mose only runs on Linux hosts.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
