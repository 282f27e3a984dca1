// GLFW and GL contexts are per-process, per-thread state: the GL tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
