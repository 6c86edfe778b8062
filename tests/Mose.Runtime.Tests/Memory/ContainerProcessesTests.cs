using System.Diagnostics;
using Mose.Runtime.Memory;

namespace Mose.Runtime.Tests.Memory;

public sealed class ContainerProcessesTests
{
    [Fact]
    public void Find_InAProcTree_ListsInitThenDescendantsIncludingChildrenOfOtherThreads()
    {
        using var proc = new TempDirectory();
        Task(proc, pid: 10, tid: 10, children: "11 12");
        Task(proc, pid: 10, tid: 15, children: "13");
        Task(proc, pid: 11, tid: 11, children: "14 ");
        Task(proc, pid: 12, tid: 12, children: "");
        Task(proc, pid: 13, tid: 13, children: "");
        Task(proc, pid: 14, tid: 14, children: "");
        Task(proc, pid: 99, tid: 99, children: "");

        var pids = ContainerProcesses.Find(10, proc.Path);

        Assert.Equal([10, 11, 12, 13, 14], pids);
    }

    [Fact]
    public void Find_WhenAChildExitedMidWalk_StillWalksItsSiblings()
    {
        using var proc = new TempDirectory();
        Task(proc, pid: 10, tid: 10, children: "11 12");
        Task(proc, pid: 12, tid: 12, children: "13");
        Task(proc, pid: 13, tid: 13, children: "");

        var pids = ContainerProcesses.Find(10, proc.Path);

        Assert.Equal([10, 11, 12, 13], pids);
    }

    [Fact]
    public void Find_OfMissingInit_IsEmpty()
    {
        using var proc = new TempDirectory();

        Assert.Empty(ContainerProcesses.Find(10, proc.Path));
    }

    [Fact]
    public async Task Find_OfARealShell_FindsItsChildAndGrandchild()
    {
        // The inner shell prints only after forking sleep, so once the line arrives the whole tree exists.
        using var shell = Process.Start(new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", "sh -c 'sleep 600 & echo forked; wait' & wait" },
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        })!;
        try
        {
            var line = await shell.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("forked", line);

            var pids = ContainerProcesses.Find(shell.Id);

            Assert.Equal(3, pids.Count);
            Assert.Equal(shell.Id, pids[0]);

            // The forked child may not have exec'd sleep yet when the line arrives: until then it is "sh".
            var comm = "";
            for (var clock = Stopwatch.StartNew(); comm != "sleep" && clock.Elapsed < TimeSpan.FromSeconds(10);)
            {
                comm = File.ReadAllText($"/proc/{pids[2]}/comm").Trim();
                await System.Threading.Tasks.Task.Delay(comm == "sleep" ? 0 : 20);
            }

            Assert.Equal("sleep", comm);
        }
        finally
        {
            shell.Kill(entireProcessTree: true);
            await shell.WaitForExitAsync();
        }
    }

    private static void Task(TempDirectory proc, int pid, int tid, string children)
    {
        var task = Directory.CreateDirectory(proc.Combine(pid.ToString(), "task", tid.ToString()));
        File.WriteAllText(Path.Combine(task.FullName, "children"), children);
    }
}
