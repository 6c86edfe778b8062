// Every collection drives a real lab on this machine's two cores: run them one after another so one lab's
// start-up or migrations never disturb another's timing-sensitive checks (connection survival, resets).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
