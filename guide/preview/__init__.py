"""Live preview for `audioguide serve TOUR`: watch, rebuild, and reload the open pages.

Present only while previewing: the built site never contains any of it.
- `watch`: tour folders watched with watchfiles (inotify and friends, no polling); each change
  rebuilds, the caches making unchanged stops cheap.
- `app`: an ASGI wrapper around `server.create_app` that adds `/__preview__/events` (an event
  stream) and `/__preview__/reload.js`, and adds that script to each HTML page it serves.
- `runner`: runs the wrapped app under uvicorn until Ctrl-C.
"""
