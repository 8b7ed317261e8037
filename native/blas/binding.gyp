{
  "targets": [
    {
      "target_name": "cavlab_blas",
      "sources": ["src/blas.c"],
      "cflags": ["-O2", "-std=c11", "<!@(pkg-config --cflags-only-I openblas)"],
      "libraries": ["<!@(pkg-config --libs openblas)", "-lm"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
