"""Interactive HTML network views: self-contained pages drawn with vis-network (the build
bundled with pyvis), one per view in `viz.views`, rendered by `viz.render`."""
