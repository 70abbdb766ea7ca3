/**
 * The CUDA engine: PTX kernels run by a worker process ({@link io.cairn.compute.gpu.GpuWorker},
 * JCuda driver API) under the job's GPU memory cap and wall time. Entry points: {@link
 * io.cairn.compute.gpu.GpuEngines}, {@link io.cairn.compute.gpu.GpuRunner}.
 */
package io.cairn.compute.gpu;
