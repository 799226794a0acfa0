"""统计分析: the annual work report (年度工作总结) built from a registry of sections."""
