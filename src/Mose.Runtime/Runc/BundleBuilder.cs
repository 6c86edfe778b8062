using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mose.Runtime.Runc;

/// <summary>
/// Builds an OCI bundle for a sample service: the host's /usr bound read-only plus a private writable
/// layer. Only /usr is bound because binding a symlinked directory (/lib -> usr/lib) breaks CRIU restore,
/// so lib, lib64, bin and sbin are symlinks inside the rootfs.
/// </summary>
public static class BundleBuilder
{
    /// <summary>Where the service's output goes, inside the container: a file outside it cannot be dumped.</summary>
    public const string ServiceLog = "/var/log/mose-service.log";

    private static readonly string[] Directories = ["usr", "proc", "dev", "sys", "tmp", "data", "etc", "run", "var/log"];
    private static readonly (string Link, string Target)[] Links =
        [("lib", "usr/lib"), ("lib64", "usr/lib64"), ("bin", "usr/bin"), ("sbin", "usr/sbin")];

    // Capabilities a plain service needs. CAP_SYS_RESOURCE is left out: this host's bounding set lacks
    // it and runc then fails with "unable to apply caps".
    private static readonly string[] Capabilities =
        ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID",
         "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SYS_CHROOT", "CAP_AUDIT_WRITE"];

    /// <summary>Creates the bundle directory with rootfs and config.json.</summary>
    public static void Create(string bundlePath, string hostname, IReadOnlyList<string> args, string netnsPath,
        string cgroupsPath)
    {
        var rootfs = Path.Combine(bundlePath, "rootfs");
        foreach (var dir in Directories)
        {
            Directory.CreateDirectory(Path.Combine(rootfs, dir));
        }

        foreach (var (link, target) in Links)
        {
            var linkPath = Path.Combine(rootfs, link);
            if (!Path.Exists(linkPath))
            {
                File.CreateSymbolicLink(linkPath, target);
            }
        }

        File.WriteAllText(Path.Combine(rootfs, "etc", "hostname"), hostname + "\n");
        File.WriteAllText(Path.Combine(rootfs, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        File.WriteAllText(Path.Combine(rootfs, "etc", "group"), "root:x:0:\n");
        var config = BuildConfig(hostname, args, netnsPath);
        config["linux"]!["cgroupsPath"] = cgroupsPath;
        File.WriteAllText(Path.Combine(bundlePath, "config.json"),
            config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Points an existing bundle at the destination's network namespace and cgroup.</summary>
    public static void Retarget(string bundlePath, string netnsPath, string cgroupsPath)
    {
        var path = Path.Combine(bundlePath, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        foreach (var ns in config["linux"]!["namespaces"]!.AsArray())
        {
            if ((string?)ns!["type"] == "network")
            {
                ns["path"] = netnsPath;
            }
        }

        config["linux"]!["cgroupsPath"] = cgroupsPath;

        File.WriteAllText(path, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// Wraps the service's argv so its stdio points at /dev/null and a log inside the container: a pipe held
    /// by the caller would hang runc, and a host file would make the dump fail.
    /// </summary>
    public static IReadOnlyList<string> WrapArgs(IReadOnlyList<string> args) =>
        ["/bin/sh", "-c", $"exec \"$0\" \"$@\" </dev/null >{ServiceLog} 2>&1", .. args];

    private static JsonObject BuildConfig(string hostname, IReadOnlyList<string> args, string netnsPath)
    {
        var caps = new JsonArray(Capabilities.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        return new JsonObject
        {
            ["ociVersion"] = "1.0.2",
            ["process"] = new JsonObject
            {
                ["terminal"] = false,
                ["user"] = new JsonObject { ["uid"] = 0, ["gid"] = 0 },
                ["args"] = new JsonArray(WrapArgs(args).Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
                ["env"] = new JsonArray("PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root"),
                ["cwd"] = "/",
                ["capabilities"] = new JsonObject
                {
                    ["bounding"] = caps.DeepClone(),
                    ["effective"] = caps.DeepClone(),
                    ["permitted"] = caps.DeepClone(),
                },
                ["noNewPrivileges"] = true,
            },
            ["root"] = new JsonObject { ["path"] = "rootfs", ["readonly"] = false },
            ["hostname"] = hostname,
            ["mounts"] = Mounts(),
            ["linux"] = new JsonObject
            {
                ["namespaces"] = new JsonArray(
                    Ns("pid"), Ns("ipc"), Ns("uts"), Ns("mount"),
                    new JsonObject { ["type"] = "network", ["path"] = netnsPath }),
                ["maskedPaths"] = new JsonArray("/proc/kcore", "/proc/keys", "/proc/timer_list", "/sys/firmware"),
                ["readonlyPaths"] = new JsonArray("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                    "/proc/sysrq-trigger"),
            },
        };
    }

    private static JsonObject Ns(string type) => new() { ["type"] = type };

    private static JsonArray Mounts() => new(
        Mount("/proc", "proc", "proc", []),
        Mount("/dev", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=65536k"]),
        Mount("/dev/pts", "devpts", "devpts",
            ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]),
        Mount("/dev/shm", "tmpfs", "shm", ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
        Mount("/dev/mqueue", "mqueue", "mqueue", ["nosuid", "noexec", "nodev"]),
        Mount("/sys", "sysfs", "sysfs", ["nosuid", "noexec", "nodev", "ro"]),
        Mount("/usr", "bind", "/usr", ["rbind", "ro"]));

    private static JsonObject Mount(string destination, string type, string source, string[] options) => new()
    {
        ["destination"] = destination,
        ["type"] = type,
        ["source"] = source,
        ["options"] = new JsonArray(options.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()),
    };
}
