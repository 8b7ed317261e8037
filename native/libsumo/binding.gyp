{
  "targets": [
    {
      "target_name": "cavlab_libsumo",
      "sources": ["src/addon.cc", "src/dispatch.cc", "src/variables.cc"],
      "include_dirs": ["<!(node -p \"process.env.CAVLAB_LIBSUMO_INCLUDE || '/usr/include'\")"],
      "cflags_cc": ["-O2", "-std=c++17", "-fexceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "libraries": ["-lsumocpp"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
