// The tests create symlinks; Mose only runs on Linux hosts.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
